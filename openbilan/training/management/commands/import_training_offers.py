import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.training import errors, services


def feed_key(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:100] or "flux"


class Command(BaseCommand):
    help = (
        "Import the training offers of an LHEO 2.2 or 2.3 file (a Carif-Oref feed), validated against the LHEO 2.3 "
        "schema: an invalid file is refused with its line and element, and nothing is written. The file replaces "
        "everything its feed (--feed, by default the file's name) held before."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--feed", help="The feed's identifier (letters, digits, dashes); default: the file name.")
        parser.add_argument("--label", default="", help="The feed's name as pages show it.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and read the file, write nothing.")

    def handle(self, *args, file, feed=None, label="", dry_run=False, **options):
        key = feed or feed_key(file)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", key):
            raise CommandError("--feed: lower-case letters, digits and dashes only.")
        try:
            report = services.import_training_offers(path=file, key=key, label=label, dry_run=dry_run)
        except errors.OfferImportError as error:
            raise CommandError(str(error)) from error
        for line in services.describe_offer_report(report):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("OK"))
