"""What the two import commands share: the folder argument, --dry-run and --force, one line per file, the error."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.territory import services
from openbilan.territory.errors import TerritoryImportError


class ImportCommand(BaseCommand):
    importer = None  # a services function taking directory, dry_run and force, returning an ImportReport

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and check the files, write nothing.")
        parser.add_argument("--force", action="store_true", help="Import even the files that are unchanged.")

    def handle(self, *args, directory, dry_run=False, force=False, **options):
        try:
            report = type(self).importer(directory=directory, dry_run=dry_run, force=force)
        except TerritoryImportError as error:
            raise CommandError(str(error)) from error
        for line in services.describe_report(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("OK"))
