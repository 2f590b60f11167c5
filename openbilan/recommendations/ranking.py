"""The ranking core: a person's evidence -> every occupation scored, filtered and ordered. Pure Python + numpy.

No Django import. `prepare()` turns plain occupation records into arrays once; `rank()` scores all of them for one
person with a handful of vector operations (reactions and further bounded factors included); batch.py scores many
people as matrix products. The explanations (reasons, "why not X?", training and business paths) live in
explanations.py; `Ranking.suggestions()` and `Ranking.explain()` hand over to it. The combination and its weights:
weights.py and docs/RECOMMENDATIONS.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from openbilan.recommendations import explanations
from openbilan.recommendations import weights as W
from openbilan.recommendations.entry_level import EntryLevel, estimate
from openbilan.recommendations.explanations import (
    Reason,
    Suggestion,
    TrainingPath,
    business_creation,
    training_path,
)
from openbilan.recommendations.text import Text
from openbilan.recommendations.training import (  # noqa: F401
    CUMULATIVE_MONTHS,
    held_diplomas,
    person_level,
    training_months,
)
from openbilan.referential.riasec import LETTERS

NO_LIMIT = np.inf

# Why an occupation is ruled out (the `exclusion` array); 0 = eligible.
ELIGIBLE, BY_CONTEXT, BY_TRAINING, BY_SELF_EMPLOYMENT, BY_PAST_JOB = 0, 1, 2, 3, 4
FITS, NOT_FOR_ME = "fits", "not_for_me"
VALUE_INDEX = {key: i for i, key in enumerate(W.WORK_VALUE_KEYS)}


# --- inputs ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationRecord:
    """What the ranking needs to know about one ROME occupation (built from the referential)."""

    code: str
    label: str
    parent_code: str
    riasec: str  # ROME's own letters, majeur then mineur ("SC", "R")
    interests: Sequence[float] | None = None  # six O*NET-derived interest scores, R..C order
    values: Sequence[float] | None = None  # six O*NET work values, weights.WORK_VALUE_KEYS order
    core_skills: Sequence[int] = ()  # code_ogr of the core skills (cœur de métier)
    contexts: Sequence[int] = ()  # code_ogr of the work contexts
    centres_principal: Sequence[int] = ()
    centres_secondary: Sequence[int] = ()
    mobility: Sequence[str] = ()  # ROME's mobility targets, in ROME's order
    access: str = ""
    interest_source: str = "direct"  # direct, parent, siblings (borrowed), none
    interest_evidence: int | None = None  # ESCO occupations behind a direct profile; None: not said (trusted)
    domain: str = ""  # grand domaine letter; the code's first letter when empty


@dataclass(frozen=True)
class Imperatives:
    excluded_contexts: frozenset[int] = frozenset()
    qualification_level: str | None = None  # weights.QUALIFICATION_LEVELS key; None: not given (no level filter)
    max_training: str = "any"  # weights.MAX_TRAINING_MONTHS key
    self_employment: str = "maybe"  # yes / no / maybe


@dataclass(frozen=True)
class Person:
    riasec: Mapping[str, float] | None = None  # six 0-100 scores, keyed by letter
    work_values: tuple[str, ...] = ()  # O*NET value keys, most important first
    centres: frozenset[int] = frozenset()  # ROME code_centre_interet picked
    past_occupations: tuple[str, ...] = ()  # code_rome of past jobs
    skills: frozenset[int] = frozenset()  # skill code_ogr the person confirms they hold
    imperatives: Imperatives = field(default_factory=Imperatives)
    reactions: Mapping[str, str] = field(default_factory=dict)  # code_rome -> "fits" / "not_for_me" / "unsure"
    domains: frozenset[str] = frozenset()  # grands domaines the person narrowed the list to (empty: all)


@dataclass(frozen=True)
class Factor:
    """A further bounded, explained factor (e.g. local hiring demand): `values` (n,) in [-1, 1] per occupation, in
    prepared.codes order (NaN: no information, no effect). It adds `cap * value` to the score, with cap at most
    weights.MAX_FACTOR_CAP, so it only reorders occupations whose fits differ by less than 2 * cap. `text(i, value)`
    gives the reason shown (or None to show none)."""

    kind: str
    values: np.ndarray
    cap: float = W.MAX_FACTOR_CAP
    text: object = None  # Callable[[int, float], Text | None]

    def effect(self) -> np.ndarray:
        """cap * value per occupation (0 where unknown), computed once per factor and read-only: a factor is built
        for a bassin and reused by every ranking of the people who live there."""
        found = self.__dict__.get("_effect")
        if found is None:
            cap = min(max(float(self.cap), 0.0), W.MAX_FACTOR_CAP)
            found = cap * np.clip(np.nan_to_num(np.asarray(self.values, dtype=float), nan=0.0), -1.0, 1.0)
            found.flags.writeable = False
            self.__dict__["_effect"] = found  # frozen dataclass: the cache bypasses __setattr__
        return found


# --- arrays prepared once --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Prepared:
    """Every occupation as arrays (n rows), built once by prepare() and shared read-only by all requests."""

    version: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    index: dict[str, int]
    parent: np.ndarray  # (n,) int: parent code id
    domain: np.ndarray  # (n,) int: grand domaine id
    parent_of: tuple[int, ...]  # the same as plain tuples (fast scalar access)
    domain_of: tuple[int, ...]
    parent_codes: tuple[str, ...]
    occupation_top: tuple[str, ...]  # the occupation's top interest letters (O*NET profile, else ROME's letters)
    rome_letters: tuple[str, ...]  # ROME's own letters ("SA", "R")
    values_mean: np.ndarray  # (n,) mean of the six work values (NaN where missing)
    domain_letters: tuple[str, ...]
    interests_z: np.ndarray  # (n, 6) centred, unit-norm O*NET profile rows; 0 where missing
    interests_raw: np.ndarray  # (n, 6) O*NET scores, NaN where missing
    has_profile: np.ndarray  # (n,) bool
    interest_source: tuple[str, ...]
    letters_z: np.ndarray  # (n, 6) centred, unit-norm profile implied by ROME's two letters
    evidence: np.ndarray  # (n,) ESCO occupations behind a direct profile (-1: not said)
    trust: np.ndarray  # (n,) trust in the O*NET-derived profile, 0..1
    onet_share: np.ndarray  # (n,) a_i = ONET_SHARE * trust_i
    combined: np.ndarray  # (n, 6) a_i * interests_z + (1 - a_i) * letters_z: one product gives the interest match
    similar_z: np.ndarray  # (n, 6) `combined` rows scaled to unit norm (similarity between occupations)
    letter_major: np.ndarray  # (n,) int 0..5
    letter_minor: np.ndarray  # (n,) int 0..5, or -1
    values_z: np.ndarray  # (n, 6) centred, unit-norm work values; 0 where missing
    values_raw: np.ndarray  # (n, 6) NaN where missing
    has_values: np.ndarray
    skill_ids: dict[int, int]  # skill code_ogr -> column
    core_rows: np.ndarray  # (nnz,) occupation of each core-skill link
    core_cols: np.ndarray  # (nnz,) skill column of each link
    core_count: np.ndarray  # (n,)
    skill_occupations: tuple[np.ndarray, ...]  # per skill column: the occupations listing it as a core skill
    core_skills: tuple[tuple[int, ...], ...]
    skill_neighbours: tuple[tuple[np.ndarray, np.ndarray], ...]  # per occupation: (others, shared core skills)
    mobility_neighbours: tuple[np.ndarray, ...]  # per occupation: the occupations ROME links it with, either way
    context_ids: dict[int, int]
    contexts: np.ndarray  # (n, k) bool
    context_occupations: tuple[np.ndarray, ...]  # per context column: the occupations that list it
    context_sets: tuple[frozenset[int], ...]
    centre_ids: dict[int, int]
    centres: np.ndarray  # (n, c) float: 1 principal, 0.6 secondary, 0
    mobility: dict[str, tuple[str, ...]]
    entries: tuple[EntryLevel, ...]
    entry_key: np.ndarray  # (n,) id of the specific diploma required to practise (-1 when none)
    entry_key_ids: dict[str, int]
    months_by_level: dict[int, np.ndarray]  # person level (2..8) -> (n,) months, NaN when unknown
    self_employed: np.ndarray  # (n,) bool: self-employment is a way to practise it
    only_self_employed: np.ndarray  # (n,) bool: and no employee status is listed
    enterprising: np.ndarray  # (n,) O*NET Enterprising 0..1 (ROME letters when missing)
    independence: np.ndarray  # (n,) O*NET Independence 0..1 (0.5 when missing)
    skill_labels: Mapping[int, str] = field(default_factory=dict)  # shown in reasons
    centre_labels: Mapping[int, str] = field(default_factory=dict)
    context_labels: Mapping[int, str] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # texts built on first use (explanations.py), shared by requests

    @property
    def size(self) -> int:
        return len(self.codes)


def _unit_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows centred and scaled to unit norm (so a dot product is a Pearson correlation); flat or NaN rows -> 0."""
    present = ~np.isnan(matrix).any(axis=1)
    filled = np.where(present[:, None], matrix, 0.0)
    centred = filled - filled.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1)
    usable = present & (norms > 1e-9)
    out = np.zeros_like(centred)
    out[usable] = centred[usable] / norms[usable, None]
    return out, usable


def _six(values: Sequence[float] | None) -> list[float]:
    if values is None or len(values) != 6 or any(v is None for v in values):
        return [np.nan] * 6
    return [float(v) for v in values]


def letter_profiles(major: np.ndarray, minor: np.ndarray, letter_minor: float = W.LETTER_MINOR) -> np.ndarray:
    """The profile ROME's letters imply (first letter LETTER_MAJOR, second LETTER_MINOR, others 0), centred and
    scaled to unit norm: its dot product with the person's unit profile is the letter congruence."""
    n = len(major)
    implied = np.zeros((n, 6))
    implied[np.arange(n), major] = W.LETTER_MAJOR
    has_minor = minor >= 0
    implied[np.flatnonzero(has_minor), minor[has_minor]] += letter_minor
    return _unit_rows(implied)[0]


def profile_trust(
    source: str,
    evidence: int | None,
    *,
    evidence_half: float = W.PROFILE_EVIDENCE_HALF,
    borrowed: float = W.BORROWED_TRUST,
) -> float:
    """How far an O*NET-derived profile is trusted (weights.py: measured against ROME's letters)."""
    if source == "direct":
        if evidence is None or evidence < 0:
            return W.DEFAULT_TRUST
        return evidence / (evidence + evidence_half) if evidence > 0 else 0.0
    if source in ("parent", "siblings"):
        return borrowed
    return 0.0


def _interest_arrays(prepared_like: dict, onet_share: float) -> dict:
    share = onet_share * prepared_like["trust"]
    combined = share[:, None] * prepared_like["interests_z"] + (1.0 - share)[:, None] * prepared_like["letters_z"]
    norms = np.linalg.norm(combined, axis=1, keepdims=True)
    similar = np.divide(combined, norms, out=np.zeros_like(combined), where=norms > 1e-9)
    return {"onet_share": share, "combined": combined, "similar_z": similar}


def reweigh(
    prepared: Prepared,
    *,
    onet_share: float = W.ONET_SHARE,
    letter_minor: float = W.LETTER_MINOR,
    evidence_half: float = W.PROFILE_EVIDENCE_HALF,
    borrowed: float = W.BORROWED_TRUST,
    shrink: bool = True,
) -> Prepared:
    """The same arrays with other interest-match parameters (for the measurements of weights.py)."""
    trust = np.array(
        [
            (
                profile_trust(source, int(e), evidence_half=evidence_half, borrowed=borrowed)
                if shrink
                else float(source != "none")
            )
            if prepared.has_profile[i]
            else 0.0
            for i, (source, e) in enumerate(zip(prepared.interest_source, prepared.evidence, strict=True))
        ]
    )
    letters_z = letter_profiles(prepared.letter_major, prepared.letter_minor, letter_minor)
    arrays = _interest_arrays({"trust": trust, "interests_z": prepared.interests_z, "letters_z": letters_z}, onet_share)
    return replace(prepared, trust=trust, letters_z=letters_z, cache={}, **arrays)


def _by_column(rows: np.ndarray, cols: np.ndarray, count: int) -> tuple[np.ndarray, ...]:
    order = np.argsort(cols, kind="stable")
    bounds = np.searchsorted(cols[order], np.arange(count + 1))
    return tuple(rows[order[bounds[c] : bounds[c + 1]]] for c in range(count))


def _skill_neighbours(core_rows: np.ndarray, core_cols: np.ndarray, n: int) -> tuple:
    """For each occupation, the other occupations sharing core skills with it, and how many they share."""
    by_skill: dict[int, list[int]] = {}
    for row, col in zip(core_rows.tolist(), core_cols.tolist(), strict=True):
        by_skill.setdefault(col, []).append(row)
    shared: list[dict[int, int]] = [{} for _ in range(n)]
    for rows in by_skill.values():
        if len(rows) < 2 or len(rows) > 200:  # a skill nearly everyone lists says nothing about closeness
            continue
        for i in rows:
            counts = shared[i]
            for j in rows:
                if j != i:
                    counts[j] = counts.get(j, 0) + 1
    return tuple(
        (np.fromiter(counts.keys(), dtype=np.int64, count=len(counts)), np.fromiter(counts.values(), float))
        for counts in shared
    )


def prepare(
    records: Iterable[OccupationRecord],
    *,
    version: str = "",
    skill_labels: Mapping[int, str] | None = None,
    centre_labels: Mapping[int, str] | None = None,
    context_labels: Mapping[int, str] | None = None,
) -> Prepared:
    """Build the arrays once; the label maps give the words reasons show for skills, centres and contexts."""
    records = sorted(records, key=lambda r: r.code)
    n = len(records)
    codes = tuple(r.code for r in records)
    index = {code: i for i, code in enumerate(codes)}
    parents = {code: i for i, code in enumerate(sorted({r.parent_code or r.code for r in records}))}
    domain_letters = tuple(sorted({(r.domain or r.code[:1]) for r in records}))
    domain_ids = {letter: i for i, letter in enumerate(domain_letters)}

    interests_raw = np.array([_six(r.interests) for r in records], dtype=float).reshape(n, 6)
    interests_z, has_profile = _unit_rows(interests_raw)
    values_raw = np.array([_six(r.values) for r in records], dtype=float).reshape(n, 6)
    values_z, has_values = _unit_rows(values_raw)

    letter_index = {letter: i for i, letter in enumerate(LETTERS)}
    major = np.array([letter_index.get(r.riasec[:1], 0) for r in records], dtype=np.int64)
    minor = np.array(
        [letter_index.get(r.riasec[1:2], -1) if len(r.riasec) > 1 else -1 for r in records], dtype=np.int64
    )
    letters_z = letter_profiles(major, minor)
    evidence = np.array([-1 if r.interest_evidence is None else int(r.interest_evidence) for r in records], dtype=int)
    trust = np.array(
        [
            profile_trust(r.interest_source, r.interest_evidence) if has_profile[i] else 0.0
            for i, r in enumerate(records)
        ]
    )
    interest = _interest_arrays({"trust": trust, "interests_z": interests_z, "letters_z": letters_z}, W.ONET_SHARE)

    skill_ids: dict[int, int] = {}
    rows, cols = [], []
    for i, record in enumerate(records):
        for skill in dict.fromkeys(record.core_skills):
            rows.append(i)
            cols.append(skill_ids.setdefault(int(skill), len(skill_ids)))
    core_rows = np.array(rows, dtype=np.int64)
    core_cols = np.array(cols, dtype=np.int64)
    core_count = np.bincount(core_rows, minlength=n).astype(float) if n else np.zeros(0)

    context_ids = {code: i for i, code in enumerate(sorted({int(c) for r in records for c in r.contexts}))}
    contexts = np.zeros((n, len(context_ids)), dtype=bool)
    for i, record in enumerate(records):
        contexts[i, [context_ids[int(c)] for c in record.contexts]] = True

    centre_ids = {
        code: i
        for i, code in enumerate(
            sorted({int(c) for r in records for c in (*r.centres_principal, *r.centres_secondary)})
        )
    }
    centres = np.zeros((n, len(centre_ids)))
    for i, record in enumerate(records):
        for c in record.centres_secondary:
            centres[i, centre_ids[int(c)]] = W.CENTRE_SECONDARY
        for c in record.centres_principal:
            centres[i, centre_ids[int(c)]] = W.CENTRE_PRINCIPAL

    entries = tuple(estimate(r.access, r.label) for r in records)
    months_by_level = {
        level: np.array(
            [np.nan if (m := training_months(e.level, e.mandatory, level)) is None else float(m) for e in entries]
        )
        for level in range(2, 9)
    }
    entry_key_ids = {key: i for i, key in enumerate(sorted({e.key for e in entries if e.key}))}
    entry_key = np.array([entry_key_ids.get(e.key, -1) for e in entries], dtype=np.int64)
    self_employed = np.array([bool(W.SELF_EMPLOYED_CONTEXTS & set(r.contexts)) for r in records], dtype=bool)
    employee = np.array([bool(W.EMPLOYEE_CONTEXTS & set(r.contexts)) for r in records], dtype=bool)

    e_index = LETTERS.index("E")
    enterprising = np.where(
        ~np.isnan(interests_raw[:, e_index]),
        (np.nan_to_num(interests_raw[:, e_index]) - 1.0) / 6.0,
        np.where(major == e_index, 1.0, np.where(minor == e_index, 0.6, 0.2)),
    )
    i_index = W.WORK_VALUE_KEYS.index("independence")
    independence = np.where(~np.isnan(values_raw[:, i_index]), (np.nan_to_num(values_raw[:, i_index]) - 1.0) / 6.0, 0.5)
    mobility = {r.code: tuple(t for t in r.mobility if t in index) for r in records}
    linked: list[set[int]] = [set() for _ in range(n)]
    for source, targets in mobility.items():
        for target in targets:
            linked[index[source]].add(index[target])
            linked[index[target]].add(index[source])
    parent_ids = [parents[r.parent_code or r.code] for r in records]
    domain_of = [domain_ids[r.domain or r.code[:1]] for r in records]
    occupation_top = []
    for i, record in enumerate(records):
        if has_profile[i]:
            raw = interests_raw[i]
            occupation_top.append("".join(LETTERS[j] for j in sorted(range(6), key=lambda j: (-raw[j], j))[:3]))
        else:
            occupation_top.append("".join(letter for letter in record.riasec[:2] if letter in LETTERS) or "R")
    return Prepared(
        version=version,
        codes=codes,
        labels=tuple(r.label for r in records),
        index=index,
        parent=np.array(parent_ids, dtype=np.int64),
        domain=np.array(domain_of, dtype=np.int64),
        parent_of=tuple(parent_ids),
        domain_of=tuple(domain_of),
        parent_codes=tuple(r.parent_code or r.code for r in records),
        occupation_top=tuple(occupation_top),
        rome_letters=tuple("".join(letter for letter in r.riasec[:2] if letter in LETTERS) for r in records),
        values_mean=values_raw.mean(axis=1),
        domain_letters=domain_letters,
        interests_z=interests_z,
        interests_raw=interests_raw,
        has_profile=has_profile,
        interest_source=tuple(r.interest_source if has_profile[i] else "none" for i, r in enumerate(records)),
        letters_z=letters_z,
        evidence=evidence,
        trust=trust,
        **interest,
        letter_major=major,
        letter_minor=minor,
        values_z=values_z,
        values_raw=values_raw,
        has_values=has_values,
        skill_ids=skill_ids,
        core_rows=core_rows,
        core_cols=core_cols,
        core_count=core_count,
        skill_occupations=_by_column(core_rows, core_cols, len(skill_ids)),
        core_skills=tuple(tuple(dict.fromkeys(int(s) for s in r.core_skills)) for r in records),
        skill_neighbours=_skill_neighbours(core_rows, core_cols, n),
        mobility_neighbours=tuple(np.array(sorted(targets), dtype=np.int64) for targets in linked),
        context_ids=context_ids,
        contexts=contexts,
        context_occupations=tuple(np.flatnonzero(contexts[:, column]) for column in range(contexts.shape[1])),
        context_sets=tuple(frozenset(int(c) for c in r.contexts) for r in records),
        centre_ids=centre_ids,
        centres=centres,
        mobility=mobility,
        entries=entries,
        entry_key=entry_key,
        entry_key_ids=entry_key_ids,
        months_by_level=months_by_level,
        self_employed=self_employed,
        only_self_employed=self_employed & ~employee,
        enterprising=enterprising,
        independence=independence,
        skill_labels=dict(skill_labels or {}),
        centre_labels=dict(centre_labels or {}),
        context_labels=dict(context_labels or {}),
    )


# --- the person's side -----------------------------------------------------------------------------------------------


def person_vector(riasec: Mapping[str, float] | None) -> np.ndarray | None:
    """The six scores centred and scaled to unit norm; None when absent or flat (no shape to correlate)."""
    if not riasec:
        return None
    try:
        raw = [float(riasec[letter]) for letter in LETTERS]
    except (KeyError, TypeError, ValueError):
        return None
    if any(value != value for value in raw):  # NaN
        return None
    mean = sum(raw) / 6.0
    centred = [value - mean for value in raw]
    norm = math.sqrt(sum(value * value for value in centred))
    return None if norm < 1e-9 else np.array(centred) / norm


def top_letters(riasec: Mapping[str, float], count: int = 3) -> str:
    """The `count` highest letters, ties broken in RIASEC order."""
    order = sorted(range(6), key=lambda i: (-float(riasec.get(LETTERS[i], 0.0)), i))
    return "".join(LETTERS[i] for i in order[:count])


def values_vector(ranking: Sequence[str]) -> np.ndarray | None:
    """Borda points of the ranked values (first = most), centred and scaled; None when nothing usable was ranked."""
    ranked = [key for key in dict.fromkeys(ranking) if key in VALUE_INDEX]
    if not ranked:
        return None
    points = [0.0] * 6
    for position, key in enumerate(ranked):
        points[VALUE_INDEX[key]] = float(len(ranked) - position)
    mean = sum(points) / 6.0
    centred = [value - mean for value in points]
    norm = math.sqrt(sum(value * value for value in centred))
    return None if norm < 1e-9 else np.array(centred) / norm


def iachan_index(prepared: Prepared, interests: np.ndarray) -> np.ndarray:
    """Iachan's discrete agreement index between each person's three-letter code (rows of six scores) and each
    occupation's ROME letters, mapped to [-1, 1] by the maximum the occupation's code allows: (m, n). Kept as the
    comparison the measurements report (docs/RECOMMENDATIONS.md section 2); the ranking uses the letter congruence."""
    interests = np.atleast_2d(interests)
    order = np.argsort(-interests, axis=1, kind="stable")
    position = np.full(interests.shape, 3)
    position[np.arange(interests.shape[0])[:, None], order[:, :3]] = np.arange(3)
    table = np.zeros((4, 3))
    table[:3, :] = np.array(W.IACHAN_MATRIX)
    has_minor = prepared.letter_minor >= 0
    points = table[position[:, prepared.letter_major], 0] + np.where(
        has_minor, table[position[:, np.maximum(prepared.letter_minor, 0)], 1], 0.0
    )
    maximum = W.IACHAN_MATRIX[0][0] + np.where(has_minor, W.IACHAN_MATRIX[1][1], 0.0)
    return 2.0 * points / maximum - 1.0


def _max_months(imperatives: Imperatives) -> float:
    limit = W.MAX_TRAINING_MONTHS.get(imperatives.max_training)
    return NO_LIMIT if limit is None else float(limit)


def _person_level(imperatives: Imperatives) -> int | None:
    return person_level(imperatives.qualification_level)


def similarity(prepared: Prepared, j: int) -> np.ndarray:
    """How similar every occupation is to occupation j, 0..1 (weights.SIMILARITY): interest profiles, shared core
    skills, ROME mobility links; the same parent code (a close variant) counts as fully similar."""
    cache = prepared.cache.setdefault("similarity", {})
    found = cache.get(j)
    if found is not None:
        return found
    interest = np.clip(
        (prepared.similar_z @ prepared.similar_z[j] - W.INTEREST_SIMILAR_FROM) / (1.0 - W.INTEREST_SIMILAR_FROM), 0, 1
    )
    out = W.SIMILARITY["interests"] * interest
    others, shared = prepared.skill_neighbours[j]
    if len(others):
        out[others] += W.SIMILARITY["skills"] * np.minimum(1.0, shared / W.SKILLS_SIMILAR_AT)
    linked = prepared.mobility_neighbours[j]
    if len(linked):
        out[linked] += W.SIMILARITY["mobility"]
    out[prepared.parent == prepared.parent[j]] = 1.0
    out = np.minimum(out, 1.0)
    out.flags.writeable = False
    if len(cache) < 4096:
        cache[j] = out
    return out


def reaction_effect(prepared: Prepared, j: int, kind: str) -> np.ndarray:
    """One reaction's effect on every occupation's score (built once per occupation and kind, read-only)."""
    cache = prepared.cache.setdefault("reaction", {})
    found = cache.get((j, kind))
    if found is None:
        sim = similarity(prepared, j)
        found = W.REACTION_LIFT * sim if kind == FITS else -W.REACTION_DROP * sim
        if kind == NOT_FOR_ME:
            found[j] = -W.NOT_FOR_ME_ITSELF
        found.flags.writeable = False
        if len(cache) < 4096:
            cache[(j, kind)] = found
    return found


def reaction_effects(prepared: Prepared, reactions: Mapping[str, str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The reactions' effect on every occupation's score: (total effect (n,), per reacted code its own effect)."""
    total = np.zeros(prepared.size)
    each: dict[str, np.ndarray] = {}
    for code, kind in reactions.items():
        j = prepared.index.get(code)
        if j is None or kind not in (FITS, NOT_FOR_ME):
            continue
        effect = reaction_effect(prepared, j, kind)
        each[code] = effect
        total += effect
    return total, each


# --- one person ------------------------------------------------------------------------------------------------------


class Ranking:
    """All occupations scored for one person; the top is picked at once, the full order and the explanations on
    demand (explanations.py)."""

    def __init__(
        self,
        prepared: Prepared,
        person: Person,
        total: np.ndarray,
        components: dict[str, np.ndarray],
        used_weights: dict[str, float],
        exclusion: np.ndarray,
        top: np.ndarray,
        months: np.ndarray,
        *,
        listed: np.ndarray,
        variants: dict[int, tuple[int, ...]],
        reactions: dict[str, np.ndarray],
        factors: tuple[Factor, ...],
        factor_effects: dict[str, np.ndarray],
        person_unit: np.ndarray | None,
        held: set[str] | None = None,
        stacked: np.ndarray | None = None,
    ):
        self.prepared = prepared
        self.person = person
        self.total = total
        self.components = components
        self.used_weights = used_weights
        self.exclusion = exclusion
        self.top = top  # the diversified top, best first
        self.months = months
        self.listed = listed  # (n,) bool: eligible and within the domains the person narrowed to
        self.variants = variants  # top occupation -> its close variants (same parent), best first
        self.reactions = reactions  # reacted code -> its effect on every score
        self.factors = factors
        self.factor_effects = factor_effects
        self.person_unit = person_unit
        # the components as one (kinds, n) matrix, rows in `components` order
        self.stacked = np.array(list(components.values())) if stacked is None else stacked
        self._order: np.ndarray | None = None
        self._rank_of: np.ndarray | None = None
        self._held: set[str] | None = held

    @cached_property
    def mobility_from(self) -> dict[int, tuple[str, int]]:
        """For each occupation ROME lists as a move from a past job: that job and the link's position (the best)."""
        best: dict[int, tuple[str, int, float]] = {}
        for code in self.past_codes:
            for j, link in _mobility_links(self.prepared, code).items():
                if j not in best or link[2] > best[j][2]:
                    best[j] = link
        return {j: (code, order) for j, (code, order, _value) in best.items()}

    def mobility_link(self, i: int) -> tuple[str, int] | None:
        """The past job ROME lists a move from to occupation i, with the link's position (the best), or None."""
        best = None
        for code in self.past_codes:
            link = _mobility_links(self.prepared, code).get(i)
            if link is not None and (best is None or link[2] > best[2]):
                best = link
        return None if best is None else (best[0], best[1])

    @cached_property
    def past_codes(self) -> tuple[str, ...]:
        return tuple(code for code in dict.fromkeys(self.person.past_occupations) if code in self.prepared.index)

    @cached_property
    def level(self) -> int | None:
        """The person's qualification level (2..8), None when not given."""
        return person_level(self.person.imperatives.qualification_level)

    @cached_property
    def person_code(self) -> str:
        """The person's three-letter code ("" without a usable interest profile)."""
        return top_letters(self.person.riasec) if self.person_unit is not None else ""

    @cached_property
    def centre_columns(self) -> list[tuple[int, int]]:
        """The centres d'intérêt the person picked, sorted, with their column in prepared.centres."""
        ids = self.prepared.centre_ids
        return [(c, ids[c]) for c in sorted(self.person.centres) if c in ids]

    @cached_property
    def ranked_values(self) -> list[str]:
        """The person's work values, most important first (unknown keys dropped)."""
        return [key for key in dict.fromkeys(self.person.work_values) if key in W.WORK_VALUE_KEYS]

    @property
    def held(self) -> set[str]:
        """The specific diplomas the person's past jobs required (so they hold them)."""
        if self._held is None:
            self._held = held_diplomas(self.prepared.entries, self.prepared.index, self.person.past_occupations)
        return self._held

    @property
    def order(self) -> np.ndarray:
        """Every listed occupation: the diversified top first, then by score (ties in ROME code order)."""
        if self._order is None:
            candidates = np.flatnonzero(self.listed)
            by_score = candidates[np.argsort(-self.total[candidates], kind="stable")]
            keep = np.ones(self.prepared.size, dtype=bool)
            keep[self.top] = False
            self._order = np.concatenate([self.top, by_score[keep[by_score]]])
        return self._order

    @property
    def rank_of(self) -> np.ndarray:
        """(n,) 1-based rank in `order`, 0 when not listed."""
        if self._rank_of is None:
            rank_of = np.zeros(self.prepared.size, dtype=np.int64)
            rank_of[self.order] = np.arange(1, len(self.order) + 1)
            self._rank_of = rank_of
        return self._rank_of

    @property
    def eligible_count(self) -> int:
        return int(np.count_nonzero(self.listed))

    @property
    def interest_method(self) -> np.ndarray:
        return ~self.prepared.has_profile

    def rank_of_index(self, i: int) -> int | None:
        if not self.listed[i]:
            return None
        hits = np.flatnonzero(self.top == i)
        if len(hits):
            return int(hits[0]) + 1
        return int(self.rank_of[i]) or None

    def suggestions(self, count: int = W.TOP) -> list[Suggestion]:
        return explanations.suggestions(self, count)

    def explain(self, code_rome: str) -> Suggestion:
        """The full evidence for one occupation: why it is suggested, or why it is not ("why not X?")."""
        return explanations.explain(self, self.prepared.index[code_rome])

    def explain_index(self, i: int) -> Suggestion:
        return explanations.explain(self, i)


def rank(prepared: Prepared, person: Person, *, top: int = W.TOP, factors: Sequence[Factor] = ()) -> Ranking:
    n = prepared.size
    components: dict[str, np.ndarray] = {}
    p = person_vector(person.riasec)
    if p is not None:
        components["interests"] = prepared.combined @ p
    v = values_vector(person.work_values)
    if v is not None:
        components["values"] = prepared.values_z @ v
    if person.skills:
        lists = [prepared.skill_occupations[prepared.skill_ids[s]] for s in person.skills if s in prepared.skill_ids]
        if lists:
            components["skills"] = np.bincount(np.concatenate(lists), minlength=n) * _inverse_core_count(prepared)
        else:
            components["skills"] = np.zeros(n)
    past = [code for code in dict.fromkeys(person.past_occupations) if code in prepared.index]
    if past:
        bonus = np.zeros(n)
        for code in past:
            targets, values = _mobility_bonus(prepared, code)
            if len(targets):
                bonus[targets] = np.maximum(bonus[targets], values)
        components["mobility"] = bonus
    if person.centres:
        columns = [prepared.centre_ids[c] for c in person.centres if c in prepared.centre_ids]
        by_centre = _centre_rows(prepared)
        if len(columns) == 1:
            components["centres"] = by_centre[columns[0]]
        else:
            components["centres"] = by_centre[columns].max(axis=0) if columns else np.zeros(n)

    total_weight = sum(W.WEIGHTS[kind] for kind in components)
    used = {kind: W.WEIGHTS[kind] / total_weight for kind in components} if total_weight else {}
    if components:
        stacked = np.array(list(components.values()))  # (kinds, n): also what the explanations read their rows from
        total = np.array([used[kind] for kind in components]) @ stacked
    else:
        stacked = np.zeros((0, n))
        total = np.zeros(n)
    reaction_total, reactions = reaction_effects(prepared, person.reactions) if person.reactions else (None, {})
    if reaction_total is not None:
        total += reaction_total
    factor_effects = {}
    for factor in factors:
        effect = factor.effect()
        factor_effects[factor.kind] = effect
        total += effect

    held = held_diplomas(prepared.entries, prepared.index, past) if past else set()
    level = _person_level(person.imperatives)
    exclusion, months = _exclusions(prepared, person, past, held, level)
    listed = exclusion == ELIGIBLE
    narrowed = [prepared.domain_letters.index(d) for d in person.domains if d in prepared.domain_letters]
    if narrowed:
        listed &= np.isin(prepared.domain, narrowed)
    chosen, variants = _diversified_top(prepared, total, listed, top, narrowed=bool(narrowed))
    return Ranking(
        prepared,
        person,
        total,
        components,
        used,
        exclusion,
        chosen,
        months,
        listed=listed,
        variants=variants,
        reactions=reactions,
        factors=tuple(factors),
        factor_effects=factor_effects,
        person_unit=p,
        held=held,
        stacked=stacked,
    )


def _mobility_value(order: int) -> float:
    return max(W.MOBILITY_FLOOR, 1.0 - W.MOBILITY_DECAY * max(0, order - W.MOBILITY_FULL_UP_TO))


def _mobility_links(prepared: Prepared, code: str) -> dict[int, tuple[str, int, float]]:
    """The moves ROME lists from `code`: target -> (code, position, bonus), the best link when listed twice."""
    cache = prepared.cache.setdefault("mobility_links", {})
    found = cache.get(code)
    if found is None:
        found = {}
        for order, target in enumerate(prepared.mobility.get(code, ()), start=1):
            j = prepared.index[target]
            value = _mobility_value(order)
            if j not in found or value > found[j][2]:
                found[j] = (code, order, value)
        cache[code] = found
    return found


def _mobility_bonus(prepared: Prepared, code: str) -> tuple[np.ndarray, np.ndarray]:
    """The occupations ROME lists as moves from `code` and their bonus (the best link when listed twice)."""
    cache = prepared.cache.setdefault("mobility", {})
    found = cache.get(code)
    if found is None:
        best: dict[int, float] = {}
        for order, target in enumerate(prepared.mobility.get(code, ()), start=1):
            j = prepared.index[target]
            best[j] = max(best.get(j, 0.0), _mobility_value(order))
        found = (np.fromiter(best.keys(), dtype=np.int64, count=len(best)), np.fromiter(best.values(), float))
        cache[code] = found
    return found


def _inverse_core_count(prepared: Prepared) -> np.ndarray:
    found = prepared.cache.get("inverse_core_count")
    if found is None:
        count = prepared.core_count
        found = np.divide(1.0, count, out=np.zeros(prepared.size), where=count > 0)
        prepared.cache["inverse_core_count"] = found
    return found


def _centre_rows(prepared: Prepared) -> np.ndarray:
    """prepared.centres transposed and contiguous: one row per centre d'intérêt."""
    found = prepared.cache.get("centre_rows")
    if found is None:
        found = np.ascontiguousarray(prepared.centres.T)
        found.flags.writeable = False
        prepared.cache["centre_rows"] = found
    return found


def _exclusions(
    prepared: Prepared, person: Person, past: Sequence[str], held: set[str], level: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """The hard filters, in the order they are explained: contexts, training, self-employment, past jobs."""
    n = prepared.size
    imperatives = person.imperatives
    exclusion = np.zeros(n, dtype=np.int8)
    if level is not None:
        months = prepared.months_by_level[level]
    else:
        months = prepared.cache.get("no_months")
        if months is None:
            months = prepared.cache.setdefault("no_months", np.full(n, np.nan))
    if held:  # the specific diploma a past job required is already held: no training for it
        months = months.copy()
        months[np.isin(prepared.entry_key, [prepared.entry_key_ids[key] for key in held])] = 0.0
    for code in past:
        exclusion[prepared.index[code]] = BY_PAST_JOB
    if imperatives.self_employment == "no":
        exclusion[prepared.only_self_employed] = BY_SELF_EMPLOYMENT
    limit = _max_months(imperatives)
    if level is not None and limit != NO_LIMIT:
        exclusion[months > limit] = BY_TRAINING  # NaN (unknown level) compares False: not filtered
    for context in imperatives.excluded_contexts:
        column = prepared.context_ids.get(context)
        if column is not None:
            exclusion[prepared.context_occupations[column]] = BY_CONTEXT
    return exclusion, months


def _diversified_top(
    prepared: Prepared, total: np.ndarray, listed: np.ndarray, top: int, *, narrowed: bool = False
) -> tuple[np.ndarray, dict[int, tuple[int, ...]]]:
    """The first `top` listed occupations by score, re-picked for breadth: one per ROME parent code (the others are
    grouped under it as close variants), at most MAX_PER_DOMAIN per grand domaine and at least MIN_DOMAINS grands
    domaines when the listed occupations allow it, unless the person narrowed the list to some domains. The best
    occupations are looked at first (a window of 4 x top by score), the window grows when it cannot fill the top."""
    count = int(np.count_nonzero(listed))
    if not count:
        return np.zeros(0, dtype=np.int64), {}
    min_domains, max_per_domain = (0, top) if narrowed else (W.MIN_DOMAINS, W.MAX_PER_DOMAIN)
    masked = None
    for window in (4 * top, 16 * top, count):
        window = min(window, count)
        if window < count:
            if masked is None:
                masked = np.where(listed, total, -np.inf)
            part = _best(masked, window)
            part = part[masked[part] > -np.inf]
        else:
            part = np.flatnonzero(listed)
        by_score = part[np.lexsort((part, -total[part]))][:window].tolist()  # ties: ROME code order
        if min_domains and len({prepared.domain_of[i] for i in by_score}) < min_domains:
            # the best ones are of fewer domains than asked: ask only for as many as the listed ones have
            present = np.count_nonzero(np.bincount(prepared.domain[listed], minlength=len(prepared.domain_letters)))
            min_domains = min(min_domains, int(present))
        chosen, variants, skipped = _pick(prepared, by_score, top, min_domains, max_per_domain)
        if len(chosen) >= top or window == count:
            break
    if len(chosen) < top:  # not enough variety among the listed occupations: fill in score order
        grouped = [v for found in variants.values() for v in found]
        chosen += (skipped + grouped)[: top - len(chosen)]
    heads = set(chosen)
    return np.array(chosen, dtype=np.int64), {
        head: tuple(v for v in found if v not in heads) for head, found in variants.items() if head in heads
    }


def _best(masked: np.ndarray, count: int, block: int = 16) -> np.ndarray:
    """At least the `count` best entries of `masked` (-inf: not listed), cheaply: the count-th largest of the block
    maxima is a lower bound of the count-th largest entry, so the entries above it hold the best `count`."""
    n = len(masked)
    blocks = n // block
    if blocks < count:
        return np.argpartition(-masked, count - 1)[:count]
    # Groups of every blocks-th entry (any split into disjoint groups gives the bound): a maximum down the columns of
    # a (block, blocks) view is one vectorised pass, where the maxima of short rows are not.
    maxima = masked[: blocks * block].reshape(block, blocks).max(axis=0)
    threshold = np.partition(maxima, blocks - count)[blocks - count]
    return np.flatnonzero(masked >= threshold)


def _pick(prepared: Prepared, by_score: list[int], top: int, min_domains: int, max_per_domain: int):
    chosen: list[int] = []
    by_parent: dict[int, list[int]] = {}  # parent -> its suggestions chosen so far
    per_domain: dict[int, int] = {}
    variants: dict[int, list[int]] = {}
    skipped: list[int] = []
    parent_of, domain_of = prepared.parent_of, prepared.domain_of
    for i in by_score:
        parent = parent_of[i]
        heads = by_parent.get(parent)
        if heads is not None and len(heads) >= W.MAX_PER_PARENT:
            found = variants.setdefault(heads[0], [])
            if len(found) < W.MAX_VARIANTS:
                found.append(i)
            continue
        if len(chosen) >= top:
            continue
        domain = domain_of[i]
        count = per_domain.get(domain, 0)
        if count >= max_per_domain or (count and min_domains - len(per_domain) >= top - len(chosen)):
            skipped.append(i)
            continue
        chosen.append(i)
        by_parent.setdefault(parent, []).append(i)
        per_domain[domain] = count + 1
    return chosen, variants, skipped


__all__ = [
    "Factor",
    "Imperatives",
    "OccupationRecord",
    "Person",
    "Prepared",
    "Ranking",
    "Reason",
    "Suggestion",
    "Text",
    "TrainingPath",
    "business_creation",
    "prepare",
    "rank",
    "training_months",
    "training_path",
]
