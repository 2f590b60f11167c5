"""From one person's answers to a result: plain data, no Django import (the services store it as JSON)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from openbilan.assessments import scoring
from openbilan.assessments.definitions import Instrument

# Below this many people on an instrument version, the cohort's SD and reliability are too unstable for the SEM band,
# and the band falls back to the person's own item-sampling error (docs/PSYCHOMETRICS.md).
COHORT_MIN_N = 30


def person_sem(keyed: np.ndarray, *, minimum: int, maximum: int) -> float:
    """The person's own standard error of measurement on one scale, in 0-100 points: the standard error of the mean of
    their k keyed item answers, s / sqrt(k) (domain-sampling model; the polytomous analogue of Lord's binomial error).
    It needs no other respondent, so it exists from the first person on."""
    k = len(keyed)
    if k < 2:
        return 0.0
    spread = float(np.std(np.asarray(keyed, dtype=float), ddof=1))
    return spread / math.sqrt(k) / (maximum - minimum) * 100.0


def score_likert(
    instrument: Instrument,
    values: Mapping[str, int],
    *,
    started_at: float,
    answered_at: Mapping[str, float],
) -> dict:
    """Score a complete set of answers to the items the platform asks. Raises ValueError if one is missing."""
    items = instrument.administered_items
    missing = [item.id for item in items if item.id not in values]
    if missing:
        raise ValueError(f"missing answers: {', '.join(missing[:5])}")
    vector = [values[item.id] for item in items]
    reverse = instrument.reverse_flags(items)
    indices = instrument.scale_indices(items)
    scores = scoring.score_scales(vector, reverse, indices, minimum=instrument.minimum, maximum=instrument.maximum)
    keyed = scoring.keyed_values(vector, reverse, minimum=instrument.minimum, maximum=instrument.maximum)
    scales = {
        code: {
            "n_items": score.n_items,
            "raw": score.raw,
            "mean": score.mean,
            "score": score.score,
            "person_sem": person_sem(
                keyed[list(indices[code])], minimum=instrument.minimum, maximum=instrument.maximum
            ),
        }
        for code, score in scores.items()
    }
    flags = scoring.quality_flags(
        vector, started_at=started_at, answered_at=[answered_at[item.id] for item in items if item.id in answered_at]
    )
    result = {
        "kind": "likert",
        "scales": scales,
        "quality": {
            "straight_lining": flags.straight_lining,
            "median_seconds": flags.median_seconds,
            "too_fast": flags.too_fast,
        },
    }
    if set(scoring.HOLLAND_ORDER) <= set(scales):
        percent = {code: scales[code]["score"] for code in scoring.HOLLAND_ORDER}
        result["holland_code"] = scoring.holland_code(percent)
        result["holland_tie"] = scoring.code_has_ties(percent)
    return result


def score_ranking(instrument: Instrument, ranks: Mapping[str, int]) -> dict:
    """A card sort: ranks 1..n -> the order and 0-100 scores (first = 100, last = 0)."""
    if sorted(ranks.values()) != list(range(1, len(instrument.items) + 1)) or set(ranks) != set(instrument.item_ids):
        raise ValueError("every card needs one distinct rank")
    order = sorted(ranks, key=ranks.__getitem__)
    return {"kind": "ranking", "order": order, "scores": scoring.ranking_scores(order)}


def choose_sem(*, cohort_n: int, cohort_sem: float | None, person: float) -> tuple[float, str]:
    """The SEM shown around a person's score and where it comes from: the cohort's SD * sqrt(1 - omega) when at least
    COHORT_MIN_N people answered this version (and it could be computed), otherwise the person's own error."""
    if cohort_n >= COHORT_MIN_N and cohort_sem is not None:
        return cohort_sem, "cohort"
    return person, "person"
