from django.core.management.base import BaseCommand

from openbilan.partners import services, webhooks


class Command(BaseCommand):
    help = "Remet en file les webhooks à réessayer et oublie les appels à l'API de plus d'un an (docs/OPERATIONS.md)."

    def handle(self, *args, **options):
        queued = webhooks.retry_due()
        forgotten = services.purge_calls()
        self.stdout.write(f"{queued} webhook delivery(ies) queued again, {forgotten} API call(s) forgotten")
