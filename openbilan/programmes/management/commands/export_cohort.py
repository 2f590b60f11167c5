import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.accounts.models import User
from openbilan.programmes import services
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Write a programme's cohort file (docs/COHORT_CSV.md). Personal data: operator admins only, and every "
        "export is logged with its author."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="The programme's slug.")
        parser.add_argument("--by", required=True, help="E-mail of the operator admin who exports.")
        parser.add_argument("--output", type=Path, help="The file to write (default: standard output).")

    def handle(self, *args, programme, by, output=None, **options):
        target = Programme.objects.filter(slug=programme).first()
        if target is None:
            raise CommandError(f"No programme {programme!r}.")
        actor = User.objects.filter(email__iexact=by).first()
        if actor is None:
            raise CommandError(f"No account {by}.")
        try:
            lines = services.export_cohort(programme=target, actor=actor, channel="command")
        except NotAllowed:
            raise CommandError(f"{by} is not an admin of the programme's operator.") from None
        if output is None:
            for line in lines:
                sys.stdout.write(line)
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            for line in lines:
                handle.write(line)
        self.stderr.write(f"Written to {output}.")
