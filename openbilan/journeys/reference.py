"""`manage.py load_reference_data` hook: the shipped journey template "Bilan 12 semaines" (idempotent, quick when
its data file has not changed)."""

from openbilan.journeys import services


def load(stdout=None):
    template, changed = services.load_template_file()
    if stdout is not None:
        state = "loaded" if changed else "unchanged"
        count = template.activities.filter(is_active=True).count()
        stdout.write(f"Journey template {template.slug}: {state} ({count} activities).")
    return template
