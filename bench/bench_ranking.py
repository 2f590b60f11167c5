"""Ranking every occupation: one person in process (arrays prepared once), and 10,000 people as one batch, with
three reactions per person (they re-rank at once). Budget (issue 22): one person with ten explanations <= 0.25 ms
median, the batch <= 0.5 s.

Uses the shipped referential (data/referential), imported into the benchmark database when it is not there yet.
"""

import numpy as np

from bench.timing import measure

BATCH = 10_000


def _prepared():
    from django.conf import settings

    from openbilan.recommendations import arrays
    from openbilan.referential import services
    from openbilan.referential.models import Occupation

    if not Occupation.objects.exists():
        services.import_referential(directory=settings.BASE_DIR / "data" / "referential")
    arrays.clear()
    return arrays.prepared()


def _demand_factor(prepared, rng):
    """A local hiring demand factor as the suggestions build it (recommendations.demand), with the levels of a
    bassin drawn at random (each level 1-5 for a fifth of the occupations, one in ten without a known level)."""
    from openbilan.recommendations import demand

    figures = {
        code: demand.Figure(int(level), "T4X60", "Aides-soignants", int(rng.integers(10, 400)))
        for code, level in zip(prepared.codes, rng.integers(1, 6, size=prepared.size), strict=True)
        if rng.random() > 0.1
    }
    return demand.factor(prepared, figures, bassin="Caen", year=2025)


def run():
    from openbilan.recommendations import batch as batch_ranking
    from openbilan.recommendations import ranking
    from openbilan.recommendations import weights as W

    prepared = _prepared()
    core = prepared.core_skills[prepared.index["D1214"]]
    person = ranking.Person(
        riasec={"R": 15, "I": 45, "A": 55, "S": 90, "E": 70, "C": 40},
        work_values=("relationships", "achievement", "recognition", "independence", "support", "working_conditions"),
        centres=frozenset({24, 4}),
        past_occupations=("D1214",),
        skills=frozenset(core),
        imperatives=ranking.Imperatives(
            excluded_contexts=frozenset({23376, 300803}),
            qualification_level="5",
            max_training="1y",
            self_employment="no",
        ),
        reactions={"K2111": "fits", "K2112": "not_for_me", "K1201": "fits"},
    )
    rng = np.random.default_rng(2026)
    local = [_demand_factor(prepared, np.random.default_rng(20))]
    n_occupations = prepared.size
    interests = rng.uniform(0, 100, size=(BATCH, 6))
    values = np.argsort(rng.random((BATCH, 6)), axis=1).astype(float)
    centres = (rng.random((BATCH, len(prepared.centre_ids))) < 0.07).astype(np.float32)
    excluded = np.zeros((BATCH, len(prepared.context_ids)), dtype=np.float32)
    excluded[:, prepared.context_ids[300803]] = rng.random(BATCH) < 0.3
    levels = rng.integers(2, 9, size=BATCH)
    limits = np.array([np.inf if m is None else m for m in W.MAX_TRAINING_MONTHS.values()], dtype=float)
    max_months = limits[rng.integers(0, len(limits), size=BATCH)]
    kinds = ("fits", "not_for_me")
    reactions = [
        {
            prepared.codes[j]: kinds[k]
            for j, k in zip(rng.integers(0, n_occupations, 3), rng.integers(0, 2, 3), strict=True)
        }
        for _ in range(BATCH)
    ]

    def batch():
        return batch_ranking.rank_batch(
            prepared,
            interests,
            values=values,
            centres=centres,
            excluded_contexts=excluded,
            levels=levels,
            max_months=max_months,
            reactions=reactions,
        )

    result = batch()
    assert result.top.shape == (BATCH, W.TOP)
    n = prepared.size
    return [
        measure(
            f"rank all {n} occupations for one person (three reactions)",
            lambda: ranking.rank(prepared, person),
            runs=500,
            warmup=20,
            note="in process, arrays prepared once: scores, reactions, hard filters, the diversified top 10",
        ),
        measure(
            f"rank all {n} occupations and explain the top 10 (three reactions)",
            lambda: ranking.rank(prepared, person).suggestions(W.TOP),
            runs=500,
            warmup=20,
            note="the same plus the ten explained suggestions (reasons, reactions, entry level, training); "
            "budget 0.25 ms",
        ),
        measure(
            f"rank all {n} occupations for one person (three reactions, local hiring demand)",
            lambda: ranking.rank(prepared, person, factors=local),
            runs=500,
            warmup=20,
            note="issue 20: the same with the demand of the person's bassin as a bounded factor; budget 0.5 ms",
        ),
        measure(
            f"rank all {n} occupations and explain the top 10 (three reactions, local hiring demand)",
            lambda: ranking.rank(prepared, person, factors=local).suggestions(W.TOP),
            runs=500,
            warmup=20,
            note="issue 20: ten explained suggestions, each with its demand reason (family, figure, bassin, "
            "year, source); budget 0.25 ms (issue 22)",
        ),
        measure(
            f"rank {BATCH} profiles x {n} occupations as one batch (three reactions each)",
            batch,
            runs=10,
            warmup=1,
            note="chunks of 512: one product for interests and values, centres and reactions as row gathers, "
            "contexts and training as index blocks, top 10 per person by top_k_rows; budget 500 ms",
        ),
    ]
