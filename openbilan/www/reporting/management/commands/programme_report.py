import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openbilan.programmes.models import Programme
from openbilan.www.reporting import documents


class Command(BaseCommand):
    help = (
        "Write a programme's report (key figures, statuses, outcomes, satisfaction, testimonials, segments with "
        "small-cell suppression) as HTML, PDF or JSON (docs/REPORTING.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="The programme's slug.")
        parser.add_argument("--format", choices=["html", "pdf", "json"], default="html")
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, programme, format="html", output, **options):
        target = Programme.objects.select_related("funder", "operator").filter(slug=programme).first()
        if target is None:
            raise CommandError(f"No programme {programme!r}.")
        report = documents.programme_report(target)
        try:
            if format == "json":
                output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            elif format == "html":
                output.write_text(documents.report_document(report), encoding="utf-8")
            else:
                output.write_bytes(documents.report_pdf(report))
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"{format.upper()} report of {target.slug} written to {output}."))
