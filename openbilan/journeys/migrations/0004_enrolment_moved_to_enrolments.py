"""The enrolment and its transitions moved to the enrolments app (their tables kept their names): the foreign keys
follow, and Transition leaves this app, in the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enrolments', '0001_initial'),
        ('journeys', '0003_activity_tool_suggestions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AlterField(
            model_name='journey',
            name='enrolment',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='journey', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='reminderlog',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='enrolments.enrolment'),
        ),
        migrations.DeleteModel(
            name='Transition',
        ),
            ],
        ),
    ]
