import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.reporting import selectors, services
from openbilan.www.reporting import documents, exports


class Command(BaseCommand):
    help = (
        "Write what a programme's funder receives: its latest publication (made on the spot when none exists yet), "
        "as JSON, HTML, PDF, the one-page summary (PDF), the CSV ZIP, the tidy CSV or XLSX (docs/REPORTING.md). "
        "--live gives the operator's live figures instead. Without --output, JSON, HTML and CSV are printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="The programme's slug.")
        parser.add_argument(
            "--format", choices=["json", "html", "pdf", "summary-pdf", "csv-zip", "csv", "xlsx"], default="json"
        )
        parser.add_argument("--output", type=Path)
        parser.add_argument("--live", action="store_true", help="The live figures (operator), not the publication.")

    def handle(self, *args, programme, format="json", output=None, live=False, **options):
        target = selectors.programme_to_report(programme)
        if target is None:
            raise CommandError(f"No programme {programme!r}.")
        if live:
            report, publication = documents.programme_report(target), None
        else:
            publication = services.ensure_publication(target)
            report = publication.report
        if format == "json":
            content = json.dumps(documents.localised(report, publication), ensure_ascii=False, indent=2) + "\n"
        elif format == "html":
            content = documents.report_document(report, publication)
        elif format == "pdf":
            content = documents.report_pdf(report, publication)
        elif format == "summary-pdf":
            content = documents.report_pdf(report, publication, summary=True)
        elif format == "csv-zip":
            content = exports.aggregates_zip(report)
        elif format == "csv":
            content = exports.tidy_csv(report)
        else:
            content = exports.aggregates_xlsx(report)
        if output is None:
            if isinstance(content, bytes) and format != "csv":
                raise CommandError("This format is binary: give --output FILE.")
            self.stdout.write(content.decode("utf-8-sig") if isinstance(content, bytes) else content, ending="")
            return
        try:
            if isinstance(content, bytes):
                output.write_bytes(content)
            else:
                output.write_text(content, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"{format.upper()} report of {target.slug} written to {output}."))
