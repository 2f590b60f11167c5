"""The scoring core: plain numbers in, plain numbers out. No Django import (tested like a library).

Conventions (docs/PSYCHOMETRICS.md explains each choice):
- Item answers are integers on a closed scale [minimum, maximum] (1-5 for every instrument shipped).
- A reverse-keyed item is scored `minimum + maximum - value`; reversing twice gives the answer back.
- A scale's raw score is the sum of its keyed items; its mean is raw / number of items; the 0-100 display score is
  (mean - minimum) / (maximum - minimum) * 100, so 0 means "the lowest answer everywhere", 100 "the highest".
- Holland code: the three highest RIASEC scores; exact ties are broken by the fixed order R I A S E C.
- Cronbach's alpha: k / (k - 1) * (1 - sum of item variances / variance of the sum).
- McDonald's omega total: one-factor model fitted to the inter-item correlation matrix by iterated principal-axis
  factoring (which converges to the unweighted least squares, "minres", solution); loadings are brought back to the
  covariance metric (lambda_i = lambda*_i * s_i) and omega = (sum lambda_i)^2 / variance of the sum.
- Standard error of measurement: SEM = SD * sqrt(1 - reliability) (reliability clipped to [0, 1]); the band shown is
  score - SEM .. score + SEM, clipped to the scale, with SEM at least `error_floor` (one answer step), never zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from openbilan.referential.riasec import LETTERS

HOLLAND_ORDER = LETTERS  # R I A S E C (referential/riasec.py)
# Careless-responding threshold: about 2 seconds per item (Huang, Curran, Keeney, Poposki & DeShon, 2012).
FAST_SECONDS_PER_ITEM = 2.0


# --- keying and scale scores -------------------------------------------------------------------------------------


def reverse_key(value: int, *, minimum: int, maximum: int) -> int:
    """The keyed value of a reverse-keyed item: 1 <-> 5, 2 <-> 4 on a 1-5 scale."""
    return minimum + maximum - value


def keyed_values(
    values: np.ndarray | Sequence[Sequence[int]] | Sequence[int],
    reverse: Sequence[bool],
    *,
    minimum: int,
    maximum: int,
) -> np.ndarray:
    """Apply the keying to one answer vector (k,) or a matrix (n, k), column by column."""
    array = np.asarray(values, dtype=np.int64)
    mask = np.asarray(reverse, dtype=bool)
    return np.where(mask, minimum + maximum - array, array)


def display_score(mean: float, *, minimum: int, maximum: int) -> float:
    """The 0-100 display score of a scale mean."""
    return (mean - minimum) / (maximum - minimum) * 100.0


@dataclass(frozen=True)
class ScaleScore:
    code: str
    n_items: int
    raw: int
    mean: float
    score: float  # 0-100 display scale


def check_answers(values: Sequence[int], *, minimum: int, maximum: int) -> None:
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValueError(f"answer {value!r} is not an integer")
        if not minimum <= value <= maximum:
            raise ValueError(f"answer {value} is outside {minimum}-{maximum}")


def score_scales(
    values: Sequence[int],
    reverse: Sequence[bool],
    scales: Mapping[str, Sequence[int]],
    *,
    minimum: int,
    maximum: int,
) -> dict[str, ScaleScore]:
    """Score one complete answer vector. `scales` maps a scale code to the indices of its items in `values`."""
    if len(values) != len(reverse):
        raise ValueError("one keying flag per answer is needed")
    check_answers(values, minimum=minimum, maximum=maximum)
    keyed = keyed_values(values, reverse, minimum=minimum, maximum=maximum)
    result = {}
    for code, indices in scales.items():
        if not indices:
            continue
        raw = int(keyed[list(indices)].sum())
        mean = raw / len(indices)
        result[code] = ScaleScore(code, len(indices), raw, mean, display_score(mean, minimum=minimum, maximum=maximum))
    return result


@dataclass(frozen=True)
class MatrixScores:
    raw: np.ndarray  # (n,) integer sums
    mean: np.ndarray  # (n,)
    score: np.ndarray  # (n,) 0-100


def score_matrix(
    keyed: np.ndarray, scales: Mapping[str, Sequence[int]], *, minimum: int, maximum: int
) -> dict[str, MatrixScores]:
    """Vectorised scale scores for an already keyed (n, k) matrix: one row per respondent."""
    result = {}
    for code, indices in scales.items():
        if not indices:
            continue
        raw = keyed[:, list(indices)].sum(axis=1)
        mean = raw / len(indices)
        result[code] = MatrixScores(raw, mean, (mean - minimum) / (maximum - minimum) * 100.0)
    return result


# --- Holland code ------------------------------------------------------------------------------------------------


def holland_code(scores: Mapping[str, float], length: int = 3) -> str:
    """The `length` highest RIASEC letters, highest first; exact ties follow the fixed order R I A S E C."""
    letters = [letter for letter in HOLLAND_ORDER if letter in scores]
    ranked = sorted(letters, key=lambda letter: (-round(float(scores[letter]), 9), HOLLAND_ORDER.index(letter)))
    return "".join(ranked[:length])


def code_has_ties(scores: Mapping[str, float], length: int = 3) -> bool:
    """True when the order of the code's letters, or the choice of its last letter, was decided by the R I A S E C
    rule rather than by the answers (two neighbouring letters with the same score, up to the first one left out)."""
    letters = [letter for letter in HOLLAND_ORDER if letter in scores]
    ranked = holland_code(scores, length=len(letters))
    return any(
        math.isclose(scores[ranked[index]], scores[ranked[index + 1]], abs_tol=1e-9)
        for index in range(min(length, len(ranked) - 1))
    )


# --- reliability -------------------------------------------------------------------------------------------------


def _as_matrix(matrix: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
    array = np.asarray(matrix, dtype=float)
    if array.ndim != 2:
        raise ValueError("a respondents x items matrix is needed")
    return array


def cronbach_alpha_from_covariance(covariance: np.ndarray) -> float | None:
    covariance = np.asarray(covariance, dtype=float)
    k = covariance.shape[0]
    total = float(covariance.sum())
    if k < 2 or total <= 0:
        return None
    return k / (k - 1) * (1.0 - float(np.trace(covariance)) / total)


def cronbach_alpha(matrix: np.ndarray | Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of an (n respondents, k items) keyed matrix; None when undefined (k < 2, n < 2, or every
    respondent has the same total)."""
    array = _as_matrix(matrix)
    if array.shape[0] < 2 or array.shape[1] < 2:
        return None
    return cronbach_alpha_from_covariance(np.cov(array, rowvar=False, ddof=1))


def one_factor_loadings(correlation: np.ndarray, *, tol: float = 1e-9, max_iter: int = 2000) -> np.ndarray:
    """Standardised loadings of a one-factor model by iterated principal-axis factoring.

    Communalities start at the squared multiple correlations, then repeat: put them on the diagonal, take the first
    eigenpair (e, v), loadings = v * sqrt(e), communalities = loadings^2 (kept within [0, 1]), until they move by less
    than `tol`. The fixed point is the unweighted least squares (minres) solution. Signs are set so the loadings sum
    to a positive number.
    """
    correlation = np.asarray(correlation, dtype=float)
    k = correlation.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            inverse = np.linalg.inv(correlation)
        except np.linalg.LinAlgError:
            inverse = np.linalg.pinv(correlation)
        communality = 1.0 - 1.0 / np.diag(inverse)
    communality = np.clip(np.nan_to_num(communality, nan=0.5, posinf=1.0, neginf=0.0), 0.0, 1.0)
    loadings = np.zeros(k)
    for _ in range(max_iter):
        reduced = correlation.copy()
        np.fill_diagonal(reduced, communality)
        eigenvalues, eigenvectors = np.linalg.eigh(reduced)
        first = max(float(eigenvalues[-1]), 0.0)
        loadings = eigenvectors[:, -1] * math.sqrt(first)
        updated = np.clip(loadings**2, 0.0, 1.0)
        if float(np.max(np.abs(updated - communality))) < tol:
            communality = updated
            break
        communality = updated
    if loadings.sum() < 0:
        loadings = -loadings
    return loadings


def omega_total_from_covariance(covariance: np.ndarray) -> float | None:
    """McDonald's omega total of the unit-weighted sum, one-factor model (see `one_factor_loadings`)."""
    covariance = np.asarray(covariance, dtype=float)
    k = covariance.shape[0]
    total = float(covariance.sum())
    if k < 2 or total <= 0:
        return None
    sd = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    varying = sd > 0
    if varying.sum() < 2:
        return None
    sub = covariance[np.ix_(varying, varying)]
    correlation = sub / np.outer(sd[varying], sd[varying])
    standardised = one_factor_loadings(correlation)
    loadings = standardised * sd[varying]
    # Above 1 only when the model is forced onto a (near-)singular matrix: a reliability cannot exceed 1.
    return min(1.0, float(loadings.sum() ** 2 / total))


def omega_total(matrix: np.ndarray | Sequence[Sequence[float]]) -> float | None:
    """McDonald's omega total of an (n, k) keyed matrix; None when undefined (fewer respondents than items + 1: the
    covariance matrix is then singular and a factor model cannot be fitted)."""
    array = _as_matrix(matrix)
    if array.shape[1] < 2 or array.shape[0] <= array.shape[1]:
        return None
    return omega_total_from_covariance(np.cov(array, rowvar=False, ddof=1))


def sem(sd: float, reliability: float) -> float:
    """Standard error of measurement: SD * sqrt(1 - reliability), the reliability clipped to [0, 1]."""
    r = min(max(float(reliability), 0.0), 1.0)
    return float(sd) * math.sqrt(1.0 - r)


MIN_ERROR = 1.0  # display points: a band is never narrower than +/- 1 on the 0-100 scale


def error_floor(n_items: int, *, minimum: int, maximum: int) -> float:
    """The smallest error a scale of `n_items` answers can honestly claim, in 0-100 points: one answer moved by one
    step moves the score by 100 / (n_items * (maximum - minimum)). Identical answers give a person's own SEM of 0,
    which would draw a zero-width band ("de 100 à 100"); the band uses at least this, and at least MIN_ERROR.

    >>> error_floor(8, minimum=1, maximum=5)
    3.125
    """
    if n_items < 1 or maximum <= minimum:
        return MIN_ERROR
    return max(MIN_ERROR, 100.0 / (n_items * (maximum - minimum)))


def band(score: float, error: float, *, low: float = 0.0, high: float = 100.0) -> tuple[float, float]:
    """The interval score +/- one SEM, kept within the scale; never zero-width (the error is at least MIN_ERROR)."""
    error = max(float(error), MIN_ERROR)
    return max(low, score - error), min(high, score + error)


@dataclass(frozen=True)
class ScaleReliability:
    code: str
    n: int
    mean: float | None  # 0-100 display scale
    sd: float | None
    alpha: float | None
    omega: float | None
    sem: float | None

    @property
    def reliability(self) -> float | None:
        """The reliability used for the SEM: omega, or alpha when omega is undefined."""
        return self.omega if self.omega is not None else self.alpha

    def caution(self, threshold: float = 0.70) -> bool:
        """True when alpha or omega is under the threshold (or cannot be computed): "interpret with caution"."""
        values = [value for value in (self.alpha, self.omega) if value is not None]
        return not values or min(values) < threshold


def reliability_table(
    keyed: np.ndarray, scales: Mapping[str, Sequence[int]], *, minimum: int, maximum: int
) -> dict[str, ScaleReliability]:
    """Per-scale n, mean and SD of the 0-100 score, alpha, omega and SEM (SD * sqrt(1 - omega, else alpha))."""
    keyed = np.asarray(keyed, dtype=float)
    n = keyed.shape[0]
    table = {}
    for code, indices in scales.items():
        if not indices:
            continue
        columns = keyed[:, list(indices)] if n else np.zeros((0, len(indices)))
        scores = (columns.mean(axis=1) - minimum) / (maximum - minimum) * 100.0 if n else np.zeros(0)
        mean = float(scores.mean()) if n else None
        sd = float(scores.std(ddof=1)) if n >= 2 else None
        alpha = cronbach_alpha(columns) if n >= 2 else None
        omega = omega_total(columns) if n >= 3 else None
        reliability = omega if omega is not None else alpha
        error = sem(sd, reliability) if sd is not None and reliability is not None else None
        table[code] = ScaleReliability(code, n, mean, sd, alpha, omega, error)
    return table


# --- response quality --------------------------------------------------------------------------------------------


def is_straight_lining(values: Sequence[int]) -> bool:
    """The same answer throughout (at least two answers)."""
    return len(values) >= 2 and len(set(values)) == 1


def median_seconds_per_item(started_at: float, answered_at: Iterable[float]) -> float | None:
    """Median time spent per item, from the moment each answer was first saved (seconds since the epoch).

    Answers saved by one request share a timestamp (a page sent without JavaScript): the time since the previous
    save is shared evenly between them, so a page of six answers sent after 30 seconds counts 5 seconds each.
    """
    times = sorted(answered_at)
    if not times:
        return None
    batches: list[tuple[float, int]] = []
    for moment in times:
        if batches and batches[-1][0] == moment:
            batches[-1] = (moment, batches[-1][1] + 1)
        else:
            batches.append((moment, 1))
    per_item: list[float] = []
    previous = started_at
    for moment, size in batches:
        per_item.extend([max(moment - previous, 0.0) / size] * size)
        previous = moment
    return float(np.median(per_item))


@dataclass(frozen=True)
class QualityFlags:
    straight_lining: bool
    median_seconds: float | None
    too_fast: bool

    @property
    def any(self) -> bool:
        return self.straight_lining or self.too_fast


def quality_flags(
    values: Sequence[int],
    *,
    started_at: float,
    answered_at: Sequence[float],
    fast_threshold: float = FAST_SECONDS_PER_ITEM,
) -> QualityFlags:
    median = median_seconds_per_item(started_at, answered_at)
    return QualityFlags(
        straight_lining=is_straight_lining(values),
        median_seconds=median,
        too_fast=median is not None and median < fast_threshold,
    )


# --- ranking exercises (work values card sort) --------------------------------------------------------------------


def ranking_scores(order: Sequence[str]) -> dict[str, float]:
    """A ranking as 0-100 scores: first = 100, last = 0, evenly spaced."""
    if len(set(order)) != len(order):
        raise ValueError("each card appears once in a ranking")
    if len(order) < 2:
        return dict.fromkeys(order, 100.0)
    last = len(order) - 1
    return {slug: (last - position) / last * 100.0 for position, slug in enumerate(order)}
