"""Run the suggestion engine on a file of personas and print hit@10, constraint violations and ranking time."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from openbilan.recommendations import arrays, evaluation
from openbilan.referential.models import Appellation

USAGE_ERROR = 2


def known_codes(prepared) -> evaluation.Known:
    """What personas may refer to: the occupations, appellations, centres and contexts of the loaded referential."""
    occupations = frozenset(prepared.codes)
    appellations = dict(
        Appellation.objects.filter(occupation__is_active=True).values_list("code_ogr", "occupation__code_rome")
    )
    return evaluation.Known(
        occupations=occupations,
        appellations=appellations,
        centres=frozenset(prepared.centre_labels) | frozenset(prepared.centre_ids),
        contexts=frozenset(prepared.context_labels) | frozenset(prepared.context_ids),
        core_skills=dict(zip(prepared.codes, prepared.core_skills, strict=True)),
    )


class Command(BaseCommand):
    help = (
        "Rank every occupation for each persona of PERSONAS.json and print hit@10 (share of personas with an "
        "expected occupation in their top 10), the constraint violations in the top 10 (an occupation in the "
        "persona's `never` list or breaking one of its imperatives) and the median ranking time. Exits with code 1 "
        "when there is a violation, 2 when the file is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("personas", help="a JSON file of personas (see docs/RECOMMENDATIONS.md)")
        parser.add_argument("--repeat", type=int, default=5, help="rankings per persona for the timing (default 5)")

    def handle(self, *args, personas, repeat=5, **options):
        path = Path(personas)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                gettext("Impossible de lire %(path)s : %(error)s") % {"path": path, "error": error},
                returncode=USAGE_ERROR,
            ) from None
        prepared = arrays.prepared()
        if not prepared.size:
            raise CommandError(
                gettext("Le référentiel ROME est vide : lancez d'abord « manage.py load_reference_data »."),
                returncode=USAGE_ERROR,
            )
        try:
            parsed = evaluation.parse_personas(text, known_codes(prepared))
        except evaluation.PersonaError as error:
            raise CommandError(f"{path}: {error.describe(gettext)}", returncode=USAGE_ERROR) from None
        report = evaluation.evaluate(prepared, parsed, repeat=max(1, repeat))
        width = max(len(result.persona.id) for result in report.results)
        for result in report.results:
            mark = {True: "hit ", False: "miss", None: "  - "}[result.hit]
            line = f"{result.persona.id:<{width}}  {mark}  top 10: {' '.join(result.top)}"
            if result.violations:
                line += "  VIOLATIONS: " + ", ".join(f"{code} ({kind})" for code, kind in result.violations)
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"personas: {len(report.results)} ({len(report.judged)} with an expected occupation)")
        self.stdout.write(f"hit@10: {report.hits}/{len(report.judged)} = {report.hit_at_10:.1%}")
        self.stdout.write(f"constraint violations in the top 10: {report.violations}")
        self.stdout.write(
            f"median ranking time: {report.median_ms:.3f} ms per person "
            f"(all {prepared.size} occupations scored, filtered, diversified, top 10 explained)"
        )
        if report.violations:
            raise CommandError(f"{report.violations} constraint violation(s)", returncode=1)
