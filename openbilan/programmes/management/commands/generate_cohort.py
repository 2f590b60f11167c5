import time

from django.core.management.base import BaseCommand, CommandError

from openbilan.accounts.models import Role, User
from openbilan.programmes import synthetic
from openbilan.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Add SIZE fictitious people to a programme, in every state (for benchmarks and demonstrations). Their "
        "e-mail addresses end in .invalid. Running it twice adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="The programme's slug.")
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--prefix", default="synthetique")

    def handle(self, *args, programme, size, seed=0, prefix="synthetique", **options):
        target = Programme.objects.filter(slug=programme).first()
        if target is None:
            raise CommandError(f"No programme {programme!r}.")
        if not 1 <= size <= 1_000_000:
            raise CommandError("--size must be between 1 and 1,000,000.")
        coaches = list(
            User.objects.filter(
                memberships__organisation=target.operator, memberships__role=Role.COACH, memberships__is_active=True
            )
        )
        started = time.perf_counter()
        result = synthetic.generate(programme=target, size=size, seed=seed, prefix=prefix, coaches=coaches)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"{result.created} people created, {result.skipped} already there, in {elapsed:.1f} s.")
        )
