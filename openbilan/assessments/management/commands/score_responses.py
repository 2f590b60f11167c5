"""Score an external response file and write the scores and a reliability report (docs/PSYCHOMETRICS.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from openbilan.assessments import batch, definitions

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Score INPUT.csv (a header of item ids, optional respondent_id, values 1-5) with INSTRUMENT: one row of raw "
        "sum, mean and 0-100 score per scale and respondent in SCORES.csv, and n, mean, sd, alpha, omega and sem per "
        "scale in REL.json. Rows with a missing or out-of-range answer are excluded and counted, never coerced. "
        "A wrong instrument, an unknown column set or an unreadable file ends with exit code 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("instrument", help="riasec-markers-48, ipip-bigfive-50 or ipip-neo-120")
        parser.add_argument("input", help="the response file (CSV, UTF-8)")
        parser.add_argument("--output", required=True, help="where to write SCORES.csv")
        parser.add_argument("--reliability-json", required=True, help="where to write REL.json")

    def handle(self, *args, instrument, input, output, reliability_json, **options):
        start = time.perf_counter()
        likert = {slug: item for slug, item in definitions.shipped().items() if item.kind == "likert"}
        if instrument not in likert:
            raise CommandError(
                f"Unknown instrument {instrument!r}. Scorable instruments: {', '.join(sorted(likert))}.",
                returncode=USAGE_ERROR,
            )
        try:
            result = batch.score_file(likert[instrument], input)
            batch.write_scores(result, output)
            report = batch.reliability_report(result)
            batch.write_report(report, reliability_json)
        except batch.BatchError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        elapsed = time.perf_counter() - start
        reasons = ", ".join(
            f"{count} {reason.replace('_', ' ')}" for reason, count in result.excluded_by_reason.items()
        )
        self.stdout.write(
            f"{instrument} v{report['version']}: {result.n} row(s) scored, {result.excluded} excluded ({reasons}) "
            f"in {elapsed:.2f} s."
        )
        for code, row in report["scales"].items():
            caution = (
                ""
                if min((v for v in (row["alpha"], row["omega"]) if v is not None), default=0) >= 0.70
                else ("  interpret with caution")
            )
            self.stdout.write(
                f"  {code:<4} n={row['n']:<6} mean={_fmt(row['mean'])} sd={_fmt(row['sd'])} "
                f"alpha={_fmt(row['alpha'])} omega={_fmt(row['omega'])} sem={_fmt(row['sem'])}{caution}"
            )
        self.stdout.write(self.style.SUCCESS(f"Scores written to {output}, reliability to {reliability_json}."))


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.2f}"
