from django.core.management.base import BaseCommand

from openbilan.privacy import erasure
from openbilan.privacy.tasks import purge_expired_task


class Command(BaseCommand):
    help = "Détruit les documents des bilans terminés après le délai de grâce (R6313-7). --enqueue : via la file."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Mettre la purge dans la file de tâches.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = purge_expired_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        records = erasure.purge_expired()
        self.stdout.write(f"{len(records)} purge record(s)")
