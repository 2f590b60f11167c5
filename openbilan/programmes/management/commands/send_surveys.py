from django.core.management.base import BaseCommand

from openbilan.programmes import services


class Command(BaseCommand):
    help = (
        "Decide the evaluation and follow-up surveys due today (end of bilan, 3, 6 and 12 months after) and queue "
        "their e-mails. Run it once a day (cron); running it twice sends nothing more."
    )

    def handle(self, *args, **options):
        counts = services.schedule_surveys()
        self.stdout.write(", ".join(f"{count} {kind}" for kind, count in counts.items()) + " queued.")
