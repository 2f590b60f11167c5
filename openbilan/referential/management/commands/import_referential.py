from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.referential import services


class Command(BaseCommand):
    help = (
        "Import a ROME 4.0 release with its O*NET and ESCO crosswalk files from DIR (official file layouts, searched "
        "recursively). All or nothing, idempotent: a re-import updates rows in place, keyed on code_rome and code_ogr."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and check the files, write nothing.")

    def handle(self, *args, directory, dry_run=False, **options):
        try:
            report = services.import_referential(directory=directory, dry_run=dry_run)
        except services.ReferentialImportError as error:
            raise CommandError(str(error)) from error
        for line in services.describe_report(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("OK"))
