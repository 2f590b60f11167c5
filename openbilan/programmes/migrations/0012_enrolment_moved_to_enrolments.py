"""The enrolment moved to the enrolments app (its table programmes_enrolment kept its name): the foreign keys follow,
and the model leaves this app, in the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coaching', '0003_enrolment_moved_to_enrolments'),
        ('enrolments', '0001_initial'),
        ('journeys', '0004_enrolment_moved_to_enrolments'),
        ('programmes', '0011_qualification_levels_plain_labels'),
        ('projects', '0006_enrolment_moved_to_enrolments'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AlterField(
            model_name='referral',
            name='enrolment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='referral_records', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='survey',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='surveys', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='evaluation',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='enrolments.enrolment'),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='enrolment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='enrolments.enrolment'),
        ),
        migrations.DeleteModel(
            name='Enrolment',
        ),
            ],
        ),
    ]
