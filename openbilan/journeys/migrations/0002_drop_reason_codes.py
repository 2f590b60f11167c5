"""Drop-reason codes aligned with the cohort CSV (issue 9): no_contact -> unreachable, training -> other."""

from django.db import migrations, models

OLD = ("personal", "health", "found_job", "training", "moved", "no_contact", "other")
NEW = ("personal", "health", "found_job", "moved", "unreachable", "other")


def forwards(apps, schema_editor):
    Transition = apps.get_model("journeys", "Transition")
    Transition.objects.filter(reason_code="no_contact").update(reason_code="unreachable")
    Transition.objects.filter(reason_code="training").update(reason_code="other")


def backwards(apps, schema_editor):
    Transition = apps.get_model("journeys", "Transition")
    Transition.objects.filter(reason_code="unreachable").update(reason_code="no_contact")


def check(codes):
    return models.CheckConstraint(
        condition=models.Q(models.Q(("kind", "status"), ("to_state", "dropped"), _negated=True), ("reason_code__in", codes), _connector="OR"),
        name="transition_drop_has_reason",
    )


class Migration(migrations.Migration):
    dependencies = [("journeys", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="transition", name="transition_drop_has_reason"),
        migrations.RunPython(forwards, backwards),
        migrations.AddConstraint(model_name="transition", constraint=check(NEW)),
    ]
