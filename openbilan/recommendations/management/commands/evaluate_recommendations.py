"""Run the suggestion engine on a file of personas and print its figures.

Two kinds of file: the written personas (personas.json: hit@10 on their expected occupations, constraint violations,
ranking time, and hit@10 after three simulated reactions) and the interest-only set (interests.json: hit@10 and
nDCG@10 against ROME's letters and against the O*NET-derived letters). `--variants` checks the interest measure on
fresh sets from every response model, `--grid` prints the measurement behind the interest weights, `--generate`
writes a new interest-only set.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from openbilan.recommendations import arrays, evaluation, simulation
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


def letter_lines(report: evaluation.LetterReport) -> list[str]:
    return [
        f"clear profiles: {report.clear}, flat profiles: {report.flat}",
        f"hit@10 against ROME's letters: {report.hit_rome:.1%} (nDCG@10 {report.ndcg_rome:.3f}; "
        f"same order {report.hit_rome_ordered:.1%})",
        f"hit@10 against the O*NET-derived letters: {report.hit_onet:.1%} (nDCG@10 {report.ndcg_onet:.3f}; "
        f"same order {report.hit_onet_ordered:.1%})",
        f"grands domaines in the top 10: {report.clear_domains:.1f} (clear), {report.flat_domains:.1f} (flat)",
        f"median ranking time: {report.median_ms:.3f} ms per person",
    ]


class Command(BaseCommand):
    help = (
        "Rank every occupation for each persona of PERSONAS.json and print its figures. Written personas: hit@10 "
        "(share with an expected occupation in their top 10), constraint violations in the top 10, median ranking "
        "time and hit@10 after three simulated reactions; exits with code 1 on a violation. Interest-only personas "
        "(interests.json): hit@10 and nDCG@10 against ROME's letters and the O*NET-derived letters. Exits with 2 "
        "when the file is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("personas", help="a JSON file of personas (see docs/RECOMMENDATIONS.md)")
        parser.add_argument("--repeat", type=int, default=5, help="rankings per persona for the timing (default 5)")
        parser.add_argument(
            "--variants", action="store_true", help="interest set: also fresh sets from every response model"
        )
        parser.add_argument(
            "--grid", action="store_true", help="interest set: the measurement grid behind the interest weights"
        )
        parser.add_argument(
            "--generate", action="store_true", help="write a new interest-only set to PERSONAS (300 clear, 60 flat)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="seed of --generate (default 2026)")

    def handle(self, *args, personas, repeat=5, variants=False, grid=False, generate=False, seed=2026, **options):
        path = Path(personas)
        if generate:
            data = simulation.interest_file(simulation.VARIANTS[0], clear=300, flat=60, seed=seed)
            rows = ",\n".join(json.dumps(row) for row in data.pop("personas"))
            head = json.dumps(data, ensure_ascii=False)[:-1]
            path.write_text(f'{head}, "personas": [\n{rows}\n]}}\n', encoding="utf-8")
            self.stdout.write(f"{path}: 360 personas written (seed {seed})")
            return
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
        if evaluation.is_interest_file(text):
            self._interests(path, text, prepared, variants=variants, grid=grid)
            return
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
        before, after, given = evaluation.simulated_reactions(prepared, parsed)
        self.stdout.write(
            f"hit@10 after three simulated reactions: {after.hits}/{len(after.judged)} = {after.hit_at_10:.1%} "
            f"(before: {before.hit_at_10:.1%}; {given} reactions)"
        )
        if report.violations:
            raise CommandError(f"{report.violations} constraint violation(s)", returncode=1)

    def _interests(self, path, text, prepared, *, variants, grid):
        try:
            parsed = evaluation.parse_interest_personas(text)
        except evaluation.PersonaError as error:
            raise CommandError(f"{path}: {error.describe(gettext)}", returncode=USAGE_ERROR) from None
        for line in letter_lines(evaluation.evaluate_letters(prepared, parsed)):
            self.stdout.write(line)
        if variants or grid:
            sets = evaluation.variant_sets()
        if variants:
            for name, personas in sets.items():
                report = evaluation.evaluate_letters(prepared, personas)
                self.stdout.write(
                    f"  {name:<20} hit@10 ROME {report.hit_rome:.1%}  O*NET {report.hit_onet:.1%}  "
                    f"nDCG@10 ROME {report.ndcg_rome:.3f}  O*NET {report.ndcg_onet:.3f}"
                )
        if grid:
            self.stdout.write("onet_share letter_minor shrink  worst hit@10  mean nDCG@10")
            for row in evaluation.grid(prepared, sets, shrink=(True, False)):
                self.stdout.write(
                    f"{row.onet_share:>10} {row.letter_minor:>12} {row.shrink!s:>6}  {row.worst_hit:>12.1%}  "
                    f"{row.mean_ndcg:>12.3f}"
                )
