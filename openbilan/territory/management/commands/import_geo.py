from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.territory import services
from openbilan.territory.errors import TerritoryImportError


class Command(BaseCommand):
    help = (
        "Import the geography files from DIR (official layouts, recognised by their header, searched recursively): "
        "La Poste's postcodes, the communes' coordinates, commune -> BMO bassin, INSEE's zones d'emploi 2020. "
        "All or nothing; skipped when the same files were imported last time."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and check the files, write nothing.")
        parser.add_argument("--force", action="store_true", help="Import even when the files are unchanged.")

    def handle(self, *args, directory, dry_run=False, force=False, **options):
        try:
            report = services.import_geo(directory=directory, dry_run=dry_run, force=force)
        except TerritoryImportError as error:
            raise CommandError(str(error)) from error
        for line in services.describe_report(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("OK"))
