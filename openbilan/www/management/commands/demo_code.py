from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openbilan.accounts import selectors as accounts
from openbilan.demo import DEMO_EMAIL_DOMAIN
from openbilan.www.accounts import two_factor


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo staff account (coach or operator admin), for trying the demo."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo codes are never shown in production.", returncode=2)
        if not email.lower().endswith("@" + DEMO_EMAIL_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_EMAIL_DOMAIN}) have a code shown here.", returncode=2)
        user = accounts.user_with_email(email)
        device = accounts.confirmed_device(user) if user else None
        if device is None:
            raise CommandError(
                f"No demo staff account with a second factor: {email}. Run `make run` first.", returncode=2
            )
        self.stdout.write(two_factor.current_code(device))
