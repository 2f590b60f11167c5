"""The enrolment moved to the enrolments app (its table kept its name): the foreign keys follow, in the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enrolments', '0001_initial'),
        ('projects', '0005_chosen_training'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AlterField(
            model_name='project',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='projects', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='retentionchoice',
            name='enrolment',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='retention_choice', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='synthesis',
            name='enrolment',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='synthesis', to='enrolments.enrolment'),
        ),
            ],
        ),
    ]
