from django.core.management.base import BaseCommand

from openbilan.journeys import services


class Command(BaseCommand):
    help = (
        "Decide the reminders due now (inactivity, weekly recap) and queue them for `manage.py db_worker`. "
        "Run it from cron, e.g. every hour; running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        counts = services.enqueue_due_reminders()
        self.stdout.write(
            f"Reminders decided: {counts['inactivity']} inactivity, {counts['weekly_recap']} weekly recap "
            f"({counts['opted_out']} not sent: the person opted out)."
        )
