from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.accounts.models import User
from openbilan.programmes import services
from openbilan.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Import a cohort file (docs/COHORT_CSV.md) into a programme: all or nothing, with one line per problem. "
        "A re-import updates rows by external_id. Without --historical every new person starts invited."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="The programme's slug.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then write nothing.")
        parser.add_argument(
            "--historical",
            action="store_true",
            help="Records from an earlier system: keep their statuses and outcomes, and record that provenance.",
        )
        parser.add_argument(
            "--accept-homonyms",
            action="store_true",
            help="Confirm that people with the same name and birth date as someone known are different people.",
        )
        parser.add_argument("--by", help="E-mail of the operator admin who imports (recorded as the author).")

    def handle(self, *args, programme, file, dry_run=False, historical=False, accept_homonyms=False, by=None, **o):
        target = Programme.objects.filter(slug=programme).first()
        if target is None:
            raise CommandError(f"No programme {programme!r}.")
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None or not target.operator.memberships.filter(user=actor, role="operator_admin").exists():
                raise CommandError(f"{by} is not an admin of the programme's operator.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        report = services.import_cohort(
            programme=target,
            data=data,
            historical=historical,
            dry_run=dry_run,
            accept_homonyms=accept_homonyms,
            actor=actor,
            file_name=file.name,
        )
        for problem in report.problems:
            kind = "warning" if problem.warning else "error"
            self.stdout.write(
                f"line {problem.line}, column {problem.column or '-'}, value {problem.value!r}: "
                f"{kind}: {problem.reason}"
            )
        if report.statuses_ignored:
            self.stdout.write("note: without --historical, statuses and outcomes are not imported.")
        summary = (
            f"{report.rows} rows: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        )
        if not report.ok:
            raise CommandError(f"Nothing imported: {len(report.problems)} problem(s). {summary}.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run, nothing written. {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported. {summary}."))
