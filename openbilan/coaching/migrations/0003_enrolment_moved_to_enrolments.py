"""The enrolment moved to the enrolments app (its table kept its name): the foreign keys follow, in the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coaching', '0002_no_time_cap_override_follow_up_time'),
        ('enrolments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AlterField(
            model_name='adaptationlog',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adaptations', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='appointment',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appointments', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='coachnote',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coach_notes', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='contactattempt',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contact_attempts', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='message',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='timeentry',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='time_entries', to='enrolments.enrolment'),
        ),
            ],
        ),
    ]
