"""Simulated respondents to the 48 RIASEC markers, for evaluating the suggestions. Pure Python + numpy, no Django.

The response model (docs/RECOMMENDATIONS.md section 7 gives its sources and the variants checked):

- each person has six latent interests drawn from a multivariate normal whose correlations follow Holland's circle
  (the circumplex: neighbouring scales correlate most, opposite ones least), scaled to the scale means and standard
  deviations of a general adult population on the 1-5 answer scale;
- each person also has an acquiescence (a tendency to answer "j'aimerais" to everything, shared by all 48 items);
- each item has its own popularity (an intercept) and loading, and every answer its own noise, so that a scale's
  reliability lands where published studies of the markers put it (alpha about 0.80-0.90);
- the continuous answer is rounded to 1-5 and the answers are scored by the platform's own scoring code
  (`assessments.scoring`, keying from the instrument's data file).

A persona is "clear" when its two highest scales stand at least `CLEAR_GAP` display points above the third (the
acceptance measure's kind of respondent), "flat" when all six lie within `FLAT_RANGE` points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from openbilan.assessments import scoring
from openbilan.assessments.definitions import shipped_instrument
from openbilan.referential.riasec import LETTERS

INSTRUMENT = "riasec-markers-48"
CLEAR_GAP = 10.0
FLAT_RANGE = 15.0


@dataclass(frozen=True)
class ResponseModel:
    """The parameters of one response model; `VARIANTS` holds the ones the evaluation checks."""

    name: str = "general-adult"
    # Scale means and SDs of the latent interest on the 1-5 answer scale (general adult population, section 7).
    means: Mapping[str, float] = field(
        default_factory=lambda: {"R": 2.75, "I": 2.95, "A": 2.85, "S": 3.20, "E": 2.75, "C": 2.60}
    )
    sd: float = 0.75
    # Circumplex correlations by distance on the circle R-I-A-S-E-C: neighbours, one apart, opposite.
    circle: tuple[float, float, float] = (0.45, 0.22, 0.08)
    acquiescence_sd: float = 0.25
    item_sd: float = 0.25  # spread of the items' popularity within a scale
    loading_range: tuple[float, float] = (0.75, 1.0)
    noise_sd: float = 0.85  # each answer's own noise, on the 1-5 scale

    def correlation(self) -> np.ndarray:
        matrix = np.eye(6)
        for i in range(6):
            for j in range(6):
                distance = min(abs(i - j), 6 - abs(i - j))
                if distance:
                    matrix[i, j] = self.circle[distance - 1]
        return matrix


VARIANTS = (
    ResponseModel(),
    ResponseModel(name="online-volunteers", means={"R": 2.3, "I": 3.25, "A": 3.4, "S": 3.05, "E": 2.6, "C": 2.4}),
    ResponseModel(name="strong-acquiescence", acquiescence_sd=0.5),
    ResponseModel(name="weak-circle", circle=(0.25, 0.12, 0.05)),
    ResponseModel(name="noisy-items", noise_sd=1.1, loading_range=(0.6, 0.9)),
    ResponseModel(name="strong-circle", circle=(0.6, 0.35, 0.15), sd=0.85),
)


@dataclass(frozen=True)
class Respondents:
    model: ResponseModel
    answers: np.ndarray  # (n, 48) integers 1-5, in the instrument's item order
    scores: np.ndarray  # (n, 6) display scores 0-100, R..C

    def profiles(self) -> list[dict[str, float]]:
        return [dict(zip(LETTERS, (round(float(v), 2) for v in row), strict=True)) for row in self.scores]


def score_answers(answers) -> np.ndarray:
    """Display scores (n, 6), R..C, of complete answer rows (instrument item order), by the platform's scoring code."""
    instrument = shipped_instrument(INSTRUMENT)
    items = instrument.administered_items
    matrix = np.asarray(answers, dtype=np.int64).reshape(-1, len(items))
    keyed = scoring.keyed_values(
        matrix, instrument.reverse_flags(items), minimum=instrument.minimum, maximum=instrument.maximum
    )
    scales = scoring.score_matrix(
        keyed, instrument.scale_indices(items), minimum=instrument.minimum, maximum=instrument.maximum
    )
    return np.column_stack([scales[letter].score for letter in LETTERS])


def simulate(model: ResponseModel, count: int, *, seed: int = 0) -> Respondents:
    """`count` people answering the 48 markers under `model`, scored by the platform's scoring code."""
    instrument = shipped_instrument(INSTRUMENT)
    items = instrument.administered_items
    rng = np.random.default_rng(seed)
    latent = rng.multivariate_normal(np.zeros(6), model.correlation(), size=count)
    means = np.array([model.means[letter] for letter in LETTERS])
    acquiescence = rng.normal(0.0, model.acquiescence_sd, size=(count, 1))
    columns = np.array([LETTERS.index(item.scale) for item in items])
    popularity = rng.normal(0.0, model.item_sd, size=len(items))
    loading = rng.uniform(*model.loading_range, size=len(items))
    continuous = (
        means[columns]
        + popularity
        + loading * model.sd * latent[:, columns]
        + acquiescence
        + rng.normal(0.0, model.noise_sd, size=(count, len(items)))
    )
    answers = np.clip(np.rint(continuous), instrument.minimum, instrument.maximum).astype(np.int64)
    return Respondents(model, answers, score_answers(answers))


def is_clear(scores: Sequence[float], gap: float = CLEAR_GAP) -> bool:
    ordered = sorted((float(v) for v in scores), reverse=True)
    return ordered[1] - ordered[2] >= gap


def is_flat(scores: Sequence[float], spread: float = FLAT_RANGE) -> bool:
    return max(scores) - min(scores) <= spread


def sample(
    model: ResponseModel, *, clear: int, flat: int, seed: int = 0, batch: int = 4000
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """`clear` clear and `flat` flat respondents drawn from the model's population, in that order:
    (kind, answers (48,), display scores (6,))."""
    found: dict[str, list] = {"clear": [], "flat": []}
    wanted = {"clear": clear, "flat": flat}
    attempt = 0
    while any(len(found[kind]) < wanted[kind] for kind in found):
        people = simulate(model, batch, seed=seed * 1000 + attempt)
        attempt += 1
        for answers, scores in zip(people.answers, people.scores, strict=True):
            kind = "clear" if is_clear(scores) else "flat" if is_flat(scores) else ""
            if kind and len(found[kind]) < wanted[kind]:
                found[kind].append((kind, answers, scores))
        if attempt > 200:
            raise RuntimeError("the response model gives too few clear or flat profiles")
    return found["clear"] + found["flat"]


def correlations(model: ResponseModel, count: int = 5000, *, seed: int = 0) -> np.ndarray:
    """The scale intercorrelations the model produces (6 x 6), to compare with published ones."""
    return np.corrcoef(simulate(model, count, seed=seed).scores, rowvar=False)


def variant(name: str) -> ResponseModel:
    for model in VARIANTS:
        if model.name == name:
            return model
    raise KeyError(name)


def interest_file(model: ResponseModel, *, clear: int, flat: int, seed: int) -> dict:
    """The shipped evaluation set as JSON data: the model's parameters, then each persona's 48 answers."""
    rows = sample(model, clear=clear, flat=flat, seed=seed)
    counters = {"clear": 0, "flat": 0}
    personas = []
    for kind, answers, _scores in rows:
        counters[kind] += 1
        personas.append(
            {"id": f"{kind}-{counters[kind]:03d}", "kind": kind, "answers": "".join(str(int(v)) for v in answers)}
        )
    return {
        "kind": "interest-personas",
        "instrument": INSTRUMENT,
        "model": {
            "name": model.name,
            "means": dict(model.means),
            "sd": model.sd,
            "circle": list(model.circle),
            "acquiescence_sd": model.acquiescence_sd,
            "item_sd": model.item_sd,
            "loading_range": list(model.loading_range),
            "noise_sd": model.noise_sd,
            "seed": seed,
            "clear_gap": CLEAR_GAP,
            "flat_range": FLAT_RANGE,
        },
        "personas": personas,
    }
