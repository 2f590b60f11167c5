"""The ranking core: a person's evidence -> every occupation scored, filtered, diversified and explained.

Pure Python + numpy, no Django import. `prepare()` turns plain occupation records into arrays once; `rank()` scores
all of them for one person with a handful of vector operations; `rank_batch()` scores many people as one matrix
operation. Every suggestion carries its reasons (kind, weight, plain French text, the data it came from) and, for an
occupation ruled out, the imperative that excluded it. The combination and its weights: weights.py and
docs/RECOMMENDATIONS.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from openbilan.recommendations import weights as W
from openbilan.recommendations.entry_level import EntryLevel, estimate
from openbilan.recommendations.text import (
    LETTER_NAMES,
    LEVEL_NAMES,
    TRAINING_NAMES,
    VALUE_NAMES,
    Text,
    gettext_noop,
)

LETTERS = W.INTEREST_LETTERS
NO_LIMIT = np.inf

# Why an occupation is ruled out (the `exclusion` array); 0 = eligible.
ELIGIBLE, BY_CONTEXT, BY_TRAINING, BY_SELF_EMPLOYMENT, BY_PAST_JOB = 0, 1, 2, 3, 4


# --- inputs ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationRecord:
    """What the ranking needs to know about one ROME occupation (built from the referential)."""

    code: str
    label: str
    parent_code: str
    riasec: str  # ROME's own letters, majeur then mineur ("SC", "R")
    interests: Sequence[float] | None = None  # six O*NET interest scores, R..C order
    values: Sequence[float] | None = None  # six O*NET work values, weights.WORK_VALUE_KEYS order
    core_skills: Sequence[int] = ()  # code_ogr of the core skills (cœur de métier)
    contexts: Sequence[int] = ()  # code_ogr of the work contexts
    centres_principal: Sequence[int] = ()
    centres_secondary: Sequence[int] = ()
    mobility: Sequence[str] = ()  # ROME's mobility targets, in ROME's order
    access: str = ""
    interest_source: str = "direct"
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


# --- outputs ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    kind: str  # interests, values, skills, mobility, centres, entry, training, context, self_employment, past_job
    weight: float  # contribution to the score (0 for information such as the entry requirement)
    text: Text
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    code_rome: str
    label: str
    score: float
    rank: int | None  # 1-based position in the person's list; None when excluded
    reasons: tuple[Reason, ...]
    excluded_by: Reason | None = None
    entry: EntryLevel = field(default_factory=lambda: EntryLevel(None))
    training_months: int | None = None
    weakest: Reason | None = None  # the weakest piece of evidence, for "why not X?"

    @property
    def evidence(self) -> tuple[Reason, ...]:
        """The reasons that count in the score, strongest first."""
        return tuple(reason for reason in self.reasons if reason.weight > 0)


@dataclass(frozen=True)
class TrainingPath:
    code_rome: str
    label: str
    entry: EntryLevel
    person_level: int | None
    months: int | None
    level_gap: int | None
    missing_skills: tuple[int, ...]
    held_skills: tuple[int, ...]
    text: Text  # what training it would take
    entry_text: Text  # the entry requirement with its source sentence
    excluded_by: Reason | None


# --- arrays prepared once --------------------------------------------------------------------------------------------


def _cumulative_months() -> dict[int, int]:
    total, out = 0, {2: 0}
    for level in range(3, 9):
        total += W.MONTHS_TO_REACH[level]
        out[level] = total
    return out


CUMULATIVE_MONTHS = _cumulative_months()


def training_months(entry_level: int | None, mandatory: bool, person_level: int | None) -> int | None:
    """Months of training the person would need to reach the occupation's entry level (None when unknown)."""
    if entry_level is None or person_level is None:
        return None
    if entry_level == 0:
        return 0
    if mandatory:
        before = 0
        if entry_level >= W.MANDATORY_PREREQUISITE_FROM:
            prerequisite = W.MANDATORY_PREREQUISITE_LEVEL
            before = max(0, CUMULATIVE_MONTHS[prerequisite] - CUMULATIVE_MONTHS[max(person_level, 2)])
        return before + W.MANDATORY_DIPLOMA_MONTHS[entry_level]
    return max(0, CUMULATIVE_MONTHS[entry_level] - CUMULATIVE_MONTHS[max(person_level, 2)])


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
    values_mean: np.ndarray  # (n,) mean of the six work values (NaN where missing)
    domain_letters: tuple[str, ...]
    interests_z: np.ndarray  # (n, 6) centred, unit-norm O*NET profile rows; 0 where missing
    interests_raw: np.ndarray  # (n, 6) O*NET scores, NaN where missing
    has_profile: np.ndarray  # (n,) bool
    interest_source: tuple[str, ...]
    letter_major: np.ndarray  # (n,) int 0..5
    letter_minor: np.ndarray  # (n,) int 0..5, or -1
    values_z: np.ndarray  # (n, 6) centred, unit-norm work values; 0 where missing
    values_raw: np.ndarray  # (n, 6) NaN where missing
    has_values: np.ndarray
    skill_ids: dict[int, int]  # skill code_ogr -> column
    core_rows: np.ndarray  # (nnz,) occupation of each core-skill link
    core_cols: np.ndarray  # (nnz,) skill column of each link
    core_count: np.ndarray  # (n,)
    core_skills: tuple[tuple[int, ...], ...]
    context_ids: dict[int, int]
    contexts: np.ndarray  # (n, k) bool
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
    parents = {code: i for i, code in enumerate(sorted({r.parent_code or r.code for r in records}))}
    domain_letters = tuple(sorted({(r.domain or r.code[:1]) for r in records}))
    domain_ids = {letter: i for i, letter in enumerate(domain_letters)}

    interests_raw = np.array([_six(r.interests) for r in records], dtype=float).reshape(n, 6)
    interests_z, has_profile = _unit_rows(interests_raw)
    values_raw = np.array([_six(r.values) for r in records], dtype=float).reshape(n, 6)
    values_z, has_values = _unit_rows(values_raw)

    letter_index = {letter: i for i, letter in enumerate(LETTERS)}
    major = np.array([letter_index.get(r.riasec[:1], 0) for r in records], dtype=np.int64)
    minor = np.array([letter_index.get(r.riasec[1:2], -1) if len(r.riasec) > 1 else -1 for r in records])

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
    known = set(codes)
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
        index={code: i for i, code in enumerate(codes)},
        parent=np.array(parent_ids, dtype=np.int64),
        domain=np.array(domain_of, dtype=np.int64),
        parent_of=tuple(parent_ids),
        domain_of=tuple(domain_of),
        parent_codes=tuple(r.parent_code or r.code for r in records),
        occupation_top=tuple(occupation_top),
        values_mean=values_raw.mean(axis=1),
        domain_letters=domain_letters,
        interests_z=interests_z,
        interests_raw=interests_raw,
        has_profile=has_profile,
        interest_source=tuple(r.interest_source if has_profile[i] else "none" for i, r in enumerate(records)),
        letter_major=major,
        letter_minor=minor,
        values_z=values_z,
        values_raw=values_raw,
        has_values=has_values,
        skill_ids=skill_ids,
        core_rows=core_rows,
        core_cols=core_cols,
        core_count=core_count,
        core_skills=tuple(tuple(dict.fromkeys(int(s) for s in r.core_skills)) for r in records),
        context_ids=context_ids,
        contexts=contexts,
        context_sets=tuple(frozenset(int(c) for c in r.contexts) for r in records),
        centre_ids=centre_ids,
        centres=centres,
        mobility={r.code: tuple(t for t in r.mobility if t in known) for r in records},
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
    raw = np.array([float(riasec.get(letter, np.nan)) for letter in LETTERS])
    if np.isnan(raw).any():
        return None
    centred = raw - raw.mean()
    norm = np.linalg.norm(centred)
    return None if norm < 1e-9 else centred / norm


def top_letters(riasec: Mapping[str, float], count: int = 3) -> str:
    """The `count` highest letters, ties broken in RIASEC order."""
    order = sorted(range(6), key=lambda i: (-float(riasec.get(LETTERS[i], 0.0)), i))
    return "".join(LETTERS[i] for i in order[:count])


def values_vector(ranking: Sequence[str]) -> np.ndarray | None:
    """Borda points of the ranked values (first = most), centred and scaled; None when nothing usable was ranked."""
    points = np.zeros(6)
    ranked = [key for key in dict.fromkeys(ranking) if key in W.WORK_VALUE_KEYS]
    if not ranked:
        return None
    for position, key in enumerate(ranked):
        points[W.WORK_VALUE_KEYS.index(key)] = len(ranked) - position
    if len(ranked) < 6:
        unranked = [i for i, key in enumerate(W.WORK_VALUE_KEYS) if key not in ranked]
        points[unranked] = 0.0
    centred = points - points.mean()
    norm = np.linalg.norm(centred)
    return None if norm < 1e-9 else centred / norm


def _iachan(prepared: Prepared, code: str) -> np.ndarray:
    """Iachan's agreement index between the person's three-letter code and each occupation's ROME letters, in
    [-1, 1] after normalising by the maximum the occupation's code length allows and shrinking (weights.py)."""
    position = np.full(6, 3)
    for i, letter in enumerate(code[:3]):
        position[LETTERS.index(letter)] = i
    table = np.zeros((4, 3))
    table[:3, :] = np.array(W.IACHAN_MATRIX)
    major_points = table[position[prepared.letter_major], 0]
    has_minor = prepared.letter_minor >= 0
    minor_points = np.where(has_minor, table[position[np.maximum(prepared.letter_minor, 0)], 1], 0.0)
    maximum = W.IACHAN_MATRIX[0][0] + np.where(has_minor, W.IACHAN_MATRIX[1][1], 0.0)
    return W.IACHAN_SHRINK * (2.0 * (major_points + minor_points) / maximum - 1.0)


def _iachan_batch(prepared: Prepared, interests: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """_iachan() for m people (rows of six scores) over the given occupation columns: (m, len(columns))."""
    order = np.argsort(-interests, axis=1, kind="stable")  # ties in RIASEC order, as top_letters()
    position = np.full(interests.shape, 3)
    rows = np.arange(interests.shape[0])[:, None]
    position[rows, order[:, :3]] = np.arange(3)
    table = np.zeros((4, 3))
    table[:3, :] = np.array(W.IACHAN_MATRIX)
    major = prepared.letter_major[columns]
    minor = prepared.letter_minor[columns]
    has_minor = minor >= 0
    points = table[position[:, major], 0] + np.where(has_minor, table[position[:, np.maximum(minor, 0)], 1], 0.0)
    maximum = W.IACHAN_MATRIX[0][0] + np.where(has_minor, W.IACHAN_MATRIX[1][1], 0.0)
    return W.IACHAN_SHRINK * (2.0 * points / maximum - 1.0)


def _max_months(imperatives: Imperatives) -> float:
    limit = W.MAX_TRAINING_MONTHS.get(imperatives.max_training)
    return NO_LIMIT if limit is None else float(limit)


def _person_level(imperatives: Imperatives) -> int | None:
    return W.QUALIFICATION_LEVELS.get(imperatives.qualification_level) if imperatives.qualification_level else None


# --- one person ------------------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Ranking:
    """All occupations scored for one person; suggestions are explained on demand."""

    prepared: Prepared
    person: Person
    total: np.ndarray  # (n,) combined score
    components: dict[str, np.ndarray]  # kind -> (n,) component in [-1, 1] or [0, 1]
    used_weights: dict[str, float]  # the components the person gave evidence for, weights renormalised
    exclusion: np.ndarray  # (n,) int: ELIGIBLE or BY_*
    order: np.ndarray  # eligible occupations, diversified top first, then by score
    rank_of: np.ndarray  # (n,) 1-based rank, 0 when excluded
    months: np.ndarray  # (n,) training months for this person, NaN when unknown
    interest_method: np.ndarray  # (n,) bool: True where Iachan's index stood in for the correlation
    mobility_from: dict[int, tuple[str, int]]  # occupation -> (past code, ROME order)
    person_code: str = ""  # the person's three-letter code

    def suggestions(self, count: int = W.TOP) -> list[Suggestion]:
        return [self.explain_index(int(i)) for i in self.order[:count]]

    def explain(self, code_rome: str) -> Suggestion:
        """The full evidence for one occupation: why it is suggested, or why it is not ("why not X?")."""
        return self.explain_index(self.prepared.index[code_rome])

    def explain_index(self, i: int) -> Suggestion:
        return _explain(self, i)


def rank(prepared: Prepared, person: Person, *, top: int = W.TOP) -> Ranking:
    n = prepared.size
    components: dict[str, np.ndarray] = {}
    p = person_vector(person.riasec)
    interest_method = np.zeros(n, dtype=bool)
    if p is not None:
        fit = prepared.interests_z @ p
        missing = ~prepared.has_profile
        if missing.any():
            fit = np.where(missing, _iachan(prepared, top_letters(person.riasec)), fit)
            interest_method = missing
        components["interests"] = fit
    v = values_vector(person.work_values)
    if v is not None:
        components["values"] = np.where(prepared.has_values, prepared.values_z @ v, 0.0)
    held_cols = [prepared.skill_ids[s] for s in person.skills if s in prepared.skill_ids]
    if person.skills:
        held = np.zeros(len(prepared.skill_ids))
        held[held_cols] = 1.0
        counts = np.bincount(prepared.core_rows, weights=held[prepared.core_cols], minlength=n)
        components["skills"] = np.divide(counts, prepared.core_count, out=np.zeros(n), where=prepared.core_count > 0)
    mobility_from: dict[int, tuple[str, int]] = {}
    past = [code for code in dict.fromkeys(person.past_occupations) if code in prepared.index]
    if past:
        bonus = np.zeros(n)
        for code in past:
            for order, target in enumerate(prepared.mobility.get(code, ()), start=1):
                j = prepared.index[target]
                value = max(W.MOBILITY_FLOOR, 1.0 - W.MOBILITY_DECAY * max(0, order - W.MOBILITY_FULL_UP_TO))
                if value > bonus[j]:
                    bonus[j] = value
                    mobility_from[j] = (code, order)
        components["mobility"] = bonus
    centre_cols = [prepared.centre_ids[c] for c in person.centres if c in prepared.centre_ids]
    if person.centres:
        components["centres"] = prepared.centres[:, centre_cols].max(axis=1) if centre_cols else np.zeros(n)

    total_weight = sum(W.WEIGHTS[kind] for kind in components)
    used = {kind: W.WEIGHTS[kind] / total_weight for kind in components} if total_weight else {}
    total = np.zeros(n)
    for kind, values in components.items():
        total += used[kind] * values

    exclusion, months = _exclusions(prepared, person, past)
    order = _diversified_order(prepared, total, exclusion == ELIGIBLE, top)
    rank_of = np.zeros(n, dtype=np.int64)
    rank_of[order] = np.arange(1, len(order) + 1)
    return Ranking(
        prepared,
        person,
        total,
        components,
        used,
        exclusion,
        order,
        rank_of,
        months,
        interest_method,
        mobility_from,
        top_letters(person.riasec) if person.riasec else "",
    )


def held_diplomas(prepared: Prepared, past: Sequence[str]) -> set[str]:
    """The specific diplomas (Diplôme d'État...) the person's past jobs required: they hold them."""
    return {prepared.entries[prepared.index[code]].key for code in past if code in prepared.index} - {""}


def _exclusions(prepared: Prepared, person: Person, past: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The hard filters, in the order they are explained: contexts, training, self-employment, past jobs."""
    n = prepared.size
    imperatives = person.imperatives
    exclusion = np.zeros(n, dtype=np.int8)
    level = _person_level(imperatives)
    months = prepared.months_by_level[level] if level is not None else np.full(n, np.nan)
    held = held_diplomas(prepared, past)
    if held:  # the specific diploma a past job required is already held: no training for it
        months = months.copy()
        months[np.isin(prepared.entry_key, [prepared.entry_key_ids[key] for key in held])] = 0.0
    for code in past:
        exclusion[prepared.index[code]] = BY_PAST_JOB
    if imperatives.self_employment == "no":
        exclusion[prepared.only_self_employed] = BY_SELF_EMPLOYMENT
    too_long = ~np.isnan(months) & (months > _max_months(imperatives))
    exclusion[too_long] = BY_TRAINING
    columns = [prepared.context_ids[c] for c in imperatives.excluded_contexts if c in prepared.context_ids]
    if columns:
        exclusion[prepared.contexts[:, columns].any(axis=1)] = BY_CONTEXT
    return exclusion, months


def _diversified_order(prepared: Prepared, total: np.ndarray, eligible: np.ndarray, top: int) -> np.ndarray:
    """Eligible occupations by score, the first `top` re-picked so that no ROME parent code appears more than
    MAX_PER_PARENT times and at least MIN_DOMAINS grands domaines appear when the eligible occupations allow it."""
    candidates = np.flatnonzero(eligible)
    if not len(candidates):
        return candidates
    by_score = candidates[np.argsort(-total[candidates], kind="stable")]  # ties: ROME code order
    min_domains = min(W.MIN_DOMAINS, len(np.unique(prepared.domain[candidates])))
    chosen: list[int] = []
    per_parent: dict[int, int] = {}
    domains: set[int] = set()
    skipped: list[int] = []
    window = 8 * top
    start = 0
    while len(chosen) < top and start < len(by_score):
        for i in by_score[start : start + window].tolist():
            if len(chosen) >= top:
                break
            parent, domain = prepared.parent_of[i], prepared.domain_of[i]
            if per_parent.get(parent, 0) >= W.MAX_PER_PARENT or (
                domain in domains and min_domains - len(domains) >= top - len(chosen)
            ):
                skipped.append(i)
                continue
            chosen.append(i)
            per_parent[parent] = per_parent.get(parent, 0) + 1
            domains.add(domain)
        start += window
    if len(chosen) < top:  # not enough variety among the eligible occupations: fill in score order
        chosen += skipped[: top - len(chosen)]
    keep = np.ones(prepared.size, dtype=bool)
    keep[chosen] = False
    rest = by_score[keep[by_score]]
    return np.concatenate([np.array(chosen, dtype=np.int64), rest])


# --- explanations ----------------------------------------------------------------------------------------------------


def _letters(code: str) -> tuple[Text, ...]:
    return tuple(LETTER_NAMES[letter] for letter in code)


def _interest_reason(r: Ranking, i: int) -> Reason:
    prepared = r.prepared
    fit = float(r.components["interests"][i])
    person_code = r.person_code
    occupation_code = prepared.occupation_top[i]
    data = {
        "fit": round(fit, 3),
        "person_code": person_code,
        "occupation_code": occupation_code,
        "method": "iachan" if r.interest_method[i] else "correlation",
        "profile_source": prepared.interest_source[i],
    }
    if r.interest_method[i]:
        text = Text(
            gettext_noop(
                "Vos intérêts dominants (%(person)s) comparés aux lettres du ROME pour ce métier (%(occupation)s) : "
                "indice d'accord de Iachan %(fit)s (sur une échelle de -1 à 1)."
            ),
            {"person": _letters(person_code), "occupation": _letters(occupation_code), "fit": fit},
        )
    elif fit >= W.SHOW_INTEREST_FROM:
        text = Text(
            gettext_noop(
                "Vos intérêts dominants (%(person)s) ressemblent à ceux de ce métier (%(occupation)s) : "
                "corrélation de %(fit)s entre vos six scores et les siens."
            ),
            {"person": _letters(person_code), "occupation": _letters(occupation_code), "fit": fit},
        )
    else:
        text = Text(
            gettext_noop(
                "Vos intérêts dominants (%(person)s) ressemblent peu à ceux de ce métier (%(occupation)s) : "
                "corrélation de %(fit)s entre vos six scores et les siens."
            ),
            {"person": _letters(person_code), "occupation": _letters(occupation_code), "fit": fit},
        )
    return Reason("interests", r.used_weights["interests"] * fit, text, data)


def _values_reason(r: Ranking, i: int) -> Reason:
    prepared = r.prepared
    fit = float(r.components["values"][i])
    ranked = [key for key in dict.fromkeys(r.person.work_values) if key in W.WORK_VALUE_KEYS]
    if not prepared.has_values[i]:
        return Reason(
            "values", 0.0, Text(gettext_noop("Les valeurs de travail de ce métier ne sont pas connues.")), {"fit": None}
        )
    raw = prepared.values_raw[i]
    mean = prepared.values_mean[i]
    matching = [key for key in ranked[:3] if raw[W.WORK_VALUE_KEYS.index(key)] >= mean]
    data = {"fit": round(fit, 3), "matching": matching, "person_top": ranked[:3]}
    if matching and fit >= W.SHOW_VALUES_FROM:
        text = Text(
            gettext_noop("Ce métier offre ce qui compte le plus pour vous : %(values)s (corrélation de %(fit)s)."),
            {"values": tuple(VALUE_NAMES[key] for key in matching), "fit": fit},
        )
    else:
        text = Text(
            gettext_noop(
                "Ce métier répond peu à ce qui compte le plus pour vous (%(values)s) : corrélation de %(fit)s."
            ),
            {"values": tuple(VALUE_NAMES[key] for key in ranked[:3]), "fit": fit},
        )
    return Reason("values", r.used_weights["values"] * fit, text, data)


def _skills_reason(r: Ranking, i: int) -> Reason:
    core = r.prepared.core_skills[i]
    held = tuple(s for s in core if s in r.person.skills)
    share = float(r.components["skills"][i])
    labels = tuple(r.prepared.skill_labels.get(s, str(s)) for s in held)
    data = {"held": list(held), "total": len(core), "share": round(share, 3)}
    if held:
        text = Text(
            gettext_noop("Compétences cœur de métier que vous avez déjà : %(held)s sur %(total)s (%(labels)s)."),
            {"held": len(held), "total": len(core), "labels": labels},
        )
    else:
        text = Text(
            gettext_noop("Compétences cœur de métier que vous avez déjà : aucune sur %(total)s."), {"total": len(core)}
        )
    return Reason("skills", r.used_weights["skills"] * share, text, data)


def _mobility_reason(r: Ranking, i: int) -> Reason | None:
    if i not in r.mobility_from:
        return None
    source, order = r.mobility_from[i]
    source_label = r.prepared.labels[r.prepared.index[source]]
    return Reason(
        "mobility",
        r.used_weights["mobility"] * float(r.components["mobility"][i]),
        Text(gettext_noop("Le ROME propose ce passage depuis votre métier « %(source)s »."), {"source": source_label}),
        {"from": source, "order": order},
    )


def _centres_reason(r: Ranking, i: int) -> Reason | None:
    prepared = r.prepared
    matched = [
        c
        for c in sorted(r.person.centres)
        if c in prepared.centre_ids and prepared.centres[i, prepared.centre_ids[c]] > 0
    ]
    if not matched:
        return None
    labels = tuple(prepared.centre_labels.get(c, str(c)) for c in matched)
    return Reason(
        "centres",
        r.used_weights["centres"] * float(r.components["centres"][i]),
        Text(gettext_noop("Ce métier correspond à ce que vous aimez : %(centres)s."), {"centres": labels}),
        {"centres": matched},
    )


def _entry_reason(r: Ranking, i: int) -> Reason:
    entry = r.prepared.entries[i]
    data = {"level": entry.level, "sentence": entry.sentence, "diploma": entry.diploma, "mandatory": entry.mandatory}
    if entry.level is None:
        text = Text(gettext_noop("Le ROME ne précise pas de niveau de diplôme pour ce métier."))
    elif entry.level == 0:
        text = Text(gettext_noop("Accès sans diplôme. Source ROME : « %(sentence)s »"), {"sentence": entry.sentence})
    else:
        text = Text(
            gettext_noop("Accès : %(level)s. Source ROME : « %(sentence)s »"),
            {"level": LEVEL_NAMES[entry.level], "sentence": entry.sentence},
        )
    return Reason("entry", 0.0, text, data)


def _training_reason(r: Ranking, i: int) -> Reason:
    level = _person_level(r.person.imperatives)
    months = r.months[i]
    entry = r.prepared.entries[i]
    data = {"months": None if np.isnan(months) else int(months), "person_level": level, "entry_level": entry.level}
    if level is None:
        text = Text(gettext_noop("Indiquez votre niveau de diplôme pour estimer la formation nécessaire."))
    elif np.isnan(months):
        text = Text(gettext_noop("La durée de formation ne peut pas être estimée : le ROME ne précise pas de niveau."))
    elif months == 0 and entry.key and entry.key in held_diplomas(r.prepared, r.person.past_occupations):
        text = Text(gettext_noop("Vous avez déjà le diplôme obligatoire, d'après vos emplois passés."))
    elif months == 0:
        text = Text(gettext_noop("Votre niveau (%(level)s) suffit pour y accéder."), {"level": LEVEL_NAMES[level]})
    elif entry.mandatory and level >= (entry.level or 0):
        text = Text(
            gettext_noop(
                "Un diplôme spécifique est obligatoire pour exercer : comptez environ %(months)s mois de formation."
            ),
            {"months": int(months)},
        )
    else:
        text = Text(
            gettext_noop("Depuis votre niveau (%(level)s), comptez environ %(months)s mois de formation."),
            {"level": LEVEL_NAMES[level], "months": int(months)},
        )
    return Reason("training", 0.0, text, data)


def _exclusion_reason(r: Ranking, i: int) -> Reason | None:
    kind = int(r.exclusion[i])
    imperatives = r.person.imperatives
    if kind == ELIGIBLE:
        return None
    if kind == BY_CONTEXT:
        hit = sorted(imperatives.excluded_contexts & r.prepared.context_sets[i])
        labels = tuple(r.prepared.context_labels.get(c, str(c)) for c in hit)
        return Reason(
            "context",
            0.0,
            Text(
                gettext_noop("Écarté : ce métier comporte %(contexts)s, que vous avez exclu."),
                {"contexts": tuple(f"« {label} »" for label in labels)},
            ),
            {"contexts": hit},
        )
    if kind == BY_TRAINING:
        entry = r.prepared.entries[i]
        return Reason(
            "training",
            0.0,
            Text(
                gettext_noop(
                    "Écarté : il faudrait environ %(months)s mois de formation (accès : %(level)s), "
                    "plus que ce que vous acceptez (%(limit)s)."
                ),
                {
                    "months": int(r.months[i]),
                    "level": LEVEL_NAMES[entry.level],
                    "limit": TRAINING_NAMES[imperatives.max_training],
                },
            ),
            {"months": int(r.months[i]), "max_training": imperatives.max_training, "sentence": entry.sentence},
        )
    if kind == BY_SELF_EMPLOYMENT:
        return Reason(
            "self_employment",
            0.0,
            Text(
                gettext_noop(
                    "Écarté : ce métier s'exerce seulement à son compte, et vous ne souhaitez pas vous installer "
                    "à votre compte."
                )
            ),
            {"self_employment": imperatives.self_employment},
        )
    return Reason(
        "past_job",
        0.0,
        Text(gettext_noop("Vous avez déjà exercé ce métier : il n'est pas proposé comme nouvelle piste.")),
        {},
    )


def _explain(r: Ranking, i: int) -> Suggestion:
    scored: list[Reason] = []
    if "interests" in r.components:
        scored.append(_interest_reason(r, i))
    if "values" in r.components:
        scored.append(_values_reason(r, i))
    if "skills" in r.components:
        scored.append(_skills_reason(r, i))
    if "mobility" in r.components:
        reason = _mobility_reason(r, i)
        if reason:
            scored.append(reason)
    if "centres" in r.components:
        reason = _centres_reason(r, i)
        if reason:
            scored.append(reason)
    scored.sort(key=lambda reason: -reason.weight)
    weakest = min(
        (reason for reason in scored if reason.kind in ("interests", "values", "skills")),
        key=lambda reason: reason.weight,
        default=None,
    )
    months = r.months[i]
    return Suggestion(
        code_rome=r.prepared.codes[i],
        label=r.prepared.labels[i],
        score=round(float(r.total[i]), 4),
        rank=int(r.rank_of[i]) or None,
        reasons=(*scored, _entry_reason(r, i), _training_reason(r, i)),
        excluded_by=_exclusion_reason(r, i),
        entry=r.prepared.entries[i],
        training_months=None if np.isnan(months) else int(months),
        weakest=weakest,
    )


# --- other paths -----------------------------------------------------------------------------------------------------


def training_path(r: Ranking, code_rome: str) -> TrainingPath:
    """For a chosen occupation: the gap between the person's level and skills and the entry requirement."""
    prepared = r.prepared
    i = prepared.index[code_rome]
    entry = prepared.entries[i]
    level = _person_level(r.person.imperatives)
    months = None if np.isnan(r.months[i]) else int(r.months[i])
    core = prepared.core_skills[i]
    held = tuple(s for s in core if s in r.person.skills)
    missing = tuple(s for s in core if s not in r.person.skills)
    gap = None if (entry.level is None or level is None) else max(0, entry.level - level)
    return TrainingPath(
        code_rome,
        prepared.labels[i],
        entry,
        level,
        months,
        gap,
        missing,
        held,
        _training_reason(r, i).text,
        _entry_reason(r, i).text,
        _exclusion_reason(r, i),
    )


def business_creation(r: Ranking, count: int = W.TOP) -> list[tuple[Suggestion, float]]:
    """Occupations that can be practised as one's own business, weighed by the person's Enterprising score and the
    rank they give to independence. Empty when the person said no to self-employment."""
    if r.person.imperatives.self_employment == "no":
        return []
    prepared = r.prepared
    enterprising = float((r.person.riasec or {}).get("E", 50.0)) / 100.0
    ranked = [key for key in dict.fromkeys(r.person.work_values) if key in W.WORK_VALUE_KEYS]
    independence = 1.0 - ranked.index("independence") / len(ranked) if "independence" in ranked else 0.5
    mask = prepared.self_employed & (r.exclusion == ELIGIBLE)
    weights = W.BUSINESS_WEIGHTS
    score = (
        weights["base"] * r.total
        + weights["enterprising"] * enterprising * prepared.enterprising
        + weights["independence"] * independence * prepared.independence
    )
    candidates = np.flatnonzero(mask)
    best = candidates[np.lexsort((candidates, -score[candidates]))][:count]
    return [(r.explain_index(int(i)), round(float(score[i]), 4)) for i in best]


# --- many people at once ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    top: np.ndarray  # (m, k) occupation indices, best first (no diversity re-pick: that is per person)
    scores: np.ndarray  # (m, k)


def rank_batch(
    prepared: Prepared,
    interests: np.ndarray,
    *,
    values: np.ndarray | None = None,
    centres: np.ndarray | None = None,
    excluded_contexts: np.ndarray | None = None,
    levels: np.ndarray | None = None,
    max_months: np.ndarray | None = None,
    top: int = W.TOP,
    dtype=np.float32,
) -> Batch:
    """Score m people over every occupation as matrix products.

    interests (m, 6) scores; values (m, 6) Borda points or None; centres (m, c) 0/1 over prepared.centre_ids columns;
    excluded_contexts (m, k) 0/1 over prepared.context_ids columns; levels (m,) person levels 2..8 (0 = not given);
    max_months (m,) with inf for no limit. Skills and mobility are per-person sparse evidence, added by rank()."""
    m = interests.shape[0]
    centred = interests - interests.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    p = np.divide(centred, norms, out=np.zeros_like(centred, dtype=float), where=norms > 1e-9).astype(dtype)
    weights = {"interests": W.WEIGHTS["interests"]}
    fit = p @ prepared.interests_z.T.astype(dtype)
    missing = np.flatnonzero(~prepared.has_profile)
    if len(missing):  # Iachan's index on ROME's letters, for every person at once
        fit[:, missing] = _iachan_batch(prepared, interests, missing).astype(dtype)
    total = weights["interests"] * fit
    if values is not None:
        vc = values - values.mean(axis=1, keepdims=True)
        vn = np.linalg.norm(vc, axis=1, keepdims=True)
        v = np.divide(vc, vn, out=np.zeros_like(vc, dtype=float), where=vn > 1e-9).astype(dtype)
        total += W.WEIGHTS["values"] * (v @ prepared.values_z.T.astype(dtype))
        weights["values"] = W.WEIGHTS["values"]
    if centres is not None:
        # max over the picked centres = max of the (0, 0.6, 1) matches; as a product: any principal -> 1, else 0.6.
        picked = centres.astype(dtype)
        principal = picked @ (prepared.centres == W.CENTRE_PRINCIPAL).T.astype(dtype)
        secondary = picked @ (prepared.centres > 0).T.astype(dtype)
        total += W.WEIGHTS["centres"] * np.where(
            principal > 0, W.CENTRE_PRINCIPAL, np.where(secondary > 0, W.CENTRE_SECONDARY, 0.0)
        ).astype(dtype)
        weights["centres"] = W.WEIGHTS["centres"]
    total /= sum(weights.values())
    if excluded_contexts is not None:
        hits = excluded_contexts.astype(dtype) @ prepared.contexts.T.astype(dtype)
        total[hits > 0] = -np.inf
    if levels is not None and max_months is not None:
        months = np.full((m, prepared.size), np.nan, dtype=dtype)
        for level in range(2, 9):
            rows = levels == level
            if rows.any():
                months[rows] = prepared.months_by_level[level]
        too_long = ~np.isnan(months) & (months > max_months[:, None])
        total[too_long] = -np.inf
    k = min(top, prepared.size)
    part = np.argpartition(-total, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(total, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    return Batch(np.take_along_axis(part, order, axis=1), np.take_along_axis(part_scores, order, axis=1))
