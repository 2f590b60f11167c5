"""Drop-reason codes aligned with the cohort CSV (issue 9): no_contact -> unreachable, training -> other."""

from django.db import migrations


def forwards(apps, schema_editor):
    Enrolment = apps.get_model("programmes", "Enrolment")
    Enrolment.objects.filter(drop_reason="no_contact").update(drop_reason="unreachable")
    Enrolment.objects.filter(drop_reason="training").update(drop_reason="other")


def backwards(apps, schema_editor):
    Enrolment = apps.get_model("programmes", "Enrolment")
    Enrolment.objects.filter(drop_reason="unreachable").update(drop_reason="no_contact")


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_reporting_referrals_outcomes"), ("journeys", "0002_drop_reason_codes")]

    operations = [migrations.RunPython(forwards, backwards)]
