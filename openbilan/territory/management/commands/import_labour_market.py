from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.territory import services
from openbilan.territory.errors import TerritoryImportError


class Command(BaseCommand):
    help = (
        "Import hiring-demand files from DIR (recognised by their header, searched recursively): France Travail's BMO "
        "open-data workbook of any year coded in FAP 2021 (2024 on; .xlsx or the same table as CSV), DARES's ROME -> "
        "FAP 2021 crosswalk, the FAP 2021 labels. Each file is skipped when unchanged; the others are imported all "
        "or nothing. A BMO survey coded in FAP 2009 (2023 and before) is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and check the files, write nothing.")
        parser.add_argument("--force", action="store_true", help="Import even the files that are unchanged.")

    def handle(self, *args, directory, dry_run=False, force=False, **options):
        try:
            report = services.import_labour_market(directory=directory, dry_run=dry_run, force=force)
        except TerritoryImportError as error:
            raise CommandError(str(error)) from error
        for line in services.describe_report(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("OK"))
