"""The reliability table of an instrument from the answers stored in the platform (staff only: aggregates)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openbilan.assessments import selectors
from openbilan.assessments.models import InstrumentVersion
from openbilan.programmes.models import Programme

USAGE_ERROR = 2
CAUTION_THRESHOLD = 0.70


class Command(BaseCommand):
    help = (
        "Per-scale n, mean and SD (0-100 scale), Cronbach's alpha, McDonald's omega and SEM, from the latest finished "
        "attempt of each person on the instrument's current version (or --instrument-version), optionally only people "
        'enrolled in --programme. A scale with alpha or omega under 0.70 is marked "interpret with caution".'
    )

    def add_arguments(self, parser):
        parser.add_argument("instrument", help="an instrument slug, e.g. riasec-markers-48")
        parser.add_argument("--programme", help="a programme slug: only people enrolled in it")
        parser.add_argument(
            "--instrument-version", type=int, help="a stored version number (default: the one offered now)"
        )

    def handle(self, *args, instrument, programme=None, instrument_version=None, **options):
        version = instrument_version
        versions = InstrumentVersion.objects.filter(slug=instrument, kind=InstrumentVersion.Kind.LIKERT)
        chosen = versions.filter(version=version).first() if version else versions.filter(is_current=True).first()
        if chosen is None:
            known = ", ".join(
                sorted(set(InstrumentVersion.objects.filter(kind="likert").values_list("slug", flat=True)))
            )
            raise CommandError(
                f"Unknown instrument or version {instrument!r}. "
                f"Stored questionnaires: {known or 'none (run load_reference_data)'}.",
                returncode=USAGE_ERROR,
            )
        if programme and not Programme.objects.filter(slug=programme).exists():
            raise CommandError(f"Unknown programme {programme!r}.", returncode=USAGE_ERROR)
        table = selectors.cohort_table(chosen, programme)
        instrument_definition = chosen.instrument()
        scope = f"programme {programme}" if programme else "all programmes"
        self.stdout.write(
            f"{chosen.slug} v{chosen.version} · {scope} · {table.n} person(s), latest finished attempt each"
        )
        if table.n < settings.OPENBILAN_MIN_CELL_SIZE:
            self.stdout.write(
                self.style.WARNING(
                    f"Fewer than {settings.OPENBILAN_MIN_CELL_SIZE} people: too few for stable estimates, "
                    "and not to be shared outside the operator."
                )
            )
        self.stdout.write(
            f"{'scale':<6}{'n':>6}{'mean':>8}{'sd':>8}{'alpha':>8}{'omega':>8}{'sem':>8}{'published':>11}  note"
        )
        for code, row in table.scales.items():
            published = (instrument_definition.scale(code).published_reliability or {}).get("alpha")
            note = "interpret with caution" if row.caution(CAUTION_THRESHOLD) else ""
            self.stdout.write(
                f"{code:<6}{row.n:>6}{_fmt(row.mean, 1):>8}{_fmt(row.sd, 1):>8}{_fmt(row.alpha):>8}"
                f"{_fmt(row.omega):>8}{_fmt(row.sem, 1):>8}{_fmt(published):>11}  {note}".rstrip()
            )


def _fmt(value, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"
