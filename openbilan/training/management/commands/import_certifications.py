from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.training import errors, services


class Command(BaseCommand):
    help = (
        "Import France Compétences' RNCP/RS export from PATH: its zip, or the folder of its `;`-separated CSV files "
        "(export_fiches_CSV_<Kind>_<date>.csv). When the export has no Standard file, give the title sources with "
        "--titles, newest first (table de passage Certif Info, Kit apprentissage, rncp_info, codes_diplomes; an "
        "ONISEP Idéo formations file adds the usual durations). All or nothing, idempotent, keyed on the codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--titles",
            action="append",
            type=Path,
            default=[],
            metavar="FILE",
            help="A title source or the ONISEP formations file; repeat it, newest source first.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and check the files, write nothing.")

    def handle(self, *args, path, titles, dry_run=False, **options):
        try:
            report = services.import_certifications(path=path, title_files=titles, dry_run=dry_run)
        except errors.CertificationImportError as error:
            raise CommandError(str(error)) from error
        for line in services.describe_certification_report(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("OK"))
