from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openbilan.demo import load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme and one demo account per role, then print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow it in production (never on real data).")

    def handle(self, *args, force=False, **options):
        if settings.PRODUCTION and not force:
            raise CommandError("The demo has known passwords: refusing to load it in production without --force.")
        context = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo programme ready: {context.programme.name}"))
        self.stdout.write("Demo logins (role, e-mail, password):")
        for role, email, password in context.logins:
            self.stdout.write(f"  {role:<32} {email:<36} {password}")
        self.stdout.write(
            "Coaches and operator admins then type a two-factor code: "
            "`.venv/bin/python manage.py demo_code coach@demo.openbilan.fr` prints it."
        )
