"""Evaluate the engine on a file of personas: hit@10, constraint violations, ranking time. Pure Python, no Django.

A persona (docs/RECOMMENDATIONS.md gives the full form):
    {"id", "riasec": {"R": 0-100, ..., "C": ...}, "work_values": [ranked value slugs],
     "centres_interet": ["code_centre_interet", ...], "past_appellations": [code_ogr, ...],
     "skills": "core_of_past" | [code_ogr, ...],
     "imperatives": {"excluded_contexts": [code_ogr], "qualification_level": "infra3" | "3" ... "8",
                     "max_training": "none" | "6m" | "1y" | "2y" | "any", "self_employment": "yes" | "no" | "maybe"},
     "expect": {"any_in_top10": [code_rome], "never": [code_rome]}}
plus optional free text "story" and "source". The file is a list of personas or {"personas": [...]}.

A violation is a top-10 suggestion that is in the persona's `never` list or breaks one of its imperatives. The
imperatives are checked here again from the occupation data (contexts, entry level, self-employment), independently
of the ranking's own filters, so that a bug in the filters shows up as a violation.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from openbilan.recommendations import simulation
from openbilan.recommendations import weights as W
from openbilan.recommendations.ranking import Imperatives, Person, Prepared, rank, reweigh, training_months
from openbilan.recommendations.simulation import score_answers
from openbilan.recommendations.text import gettext_noop

PERSONA_FIELDS = {
    "id",
    "riasec",
    "work_values",
    "centres_interet",
    "past_appellations",
    "skills",
    "imperatives",
    "expect",
}
OPTIONAL_FIELDS = {"story", "source"}
IMPERATIVE_FIELDS = {"excluded_contexts", "qualification_level", "max_training", "self_employment"}
EXPECT_FIELDS = {"any_in_top10", "never"}


class PersonaError(ValueError):
    """An invalid persona file: which persona (id or position), which field, what is wrong (a French msgid)."""

    def __init__(self, persona: str, field_name: str, reason: str, **params):
        self.persona = persona
        self.field = field_name
        self.reason = reason
        self.params = params
        super().__init__(self.describe())

    def describe(self, translate: Callable[[str], str] = lambda s: s) -> str:
        reason = translate(self.reason) % self.params if self.params else translate(self.reason)
        return translate(gettext_noop("persona « %(persona)s », champ « %(field)s » : %(reason)s")) % {
            "persona": self.persona,
            "field": self.field,
            "reason": reason,
        }


@dataclass(frozen=True)
class Persona:
    id: str
    person: Person
    past_appellations: tuple[int, ...]
    any_in_top10: tuple[str, ...]
    never: tuple[str, ...]
    story: str = ""


@dataclass(frozen=True)
class Known:
    """What a valid persona may refer to."""

    occupations: frozenset[str]
    appellations: Mapping[int, str]  # appellation code_ogr -> code_rome
    centres: frozenset[int]
    contexts: frozenset[int]
    core_skills: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # code_rome -> core skills


def _fail(persona: str, field_name: str, reason: str, **params):
    raise PersonaError(persona, field_name, reason, **params)


def _codes(persona, field_name, value, known: set | frozenset | Mapping, *, as_int: bool) -> tuple:
    if not isinstance(value, list):
        _fail(persona, field_name, gettext_noop("une liste est attendue"))
    out = []
    for item in value:
        if as_int:
            if isinstance(item, bool) or not (isinstance(item, int) or (isinstance(item, str) and item.isdigit())):
                _fail(persona, field_name, gettext_noop("« %(value)s » n'est pas un code numérique"), value=item)
            item = int(item)
        elif not isinstance(item, str):
            _fail(persona, field_name, gettext_noop("« %(value)s » n'est pas un code texte"), value=item)
        if item not in known:
            _fail(persona, field_name, gettext_noop("code inconnu « %(value)s »"), value=item)
        out.append(item)
    if len(set(out)) != len(out):
        _fail(persona, field_name, gettext_noop("un code apparaît deux fois"))
    return tuple(out)


def _choice(persona, field_name, value, choices) -> str:
    if value not in choices:
        _fail(
            persona,
            field_name,
            gettext_noop("« %(value)s » n'est pas une valeur possible (%(choices)s)"),
            value=value,
            choices=", ".join(choices),
        )
    return value


def parse_persona(raw, position: int, known: Known) -> Persona:
    label = f"#{position}"
    if not isinstance(raw, dict):
        _fail(label, "-", gettext_noop("un objet JSON est attendu"))
    persona_id = raw.get("id")
    if not isinstance(persona_id, str) or not persona_id.strip():
        _fail(label, "id", gettext_noop("un identifiant non vide est attendu"))
    label = persona_id
    unknown = set(raw) - PERSONA_FIELDS - OPTIONAL_FIELDS
    if unknown:
        _fail(label, sorted(unknown)[0], gettext_noop("champ inconnu"))
    for name in sorted(PERSONA_FIELDS - set(raw)):
        _fail(label, name, gettext_noop("champ manquant"))

    riasec = raw["riasec"]
    if not isinstance(riasec, dict) or set(riasec) != set(W.INTEREST_LETTERS):
        _fail(label, "riasec", gettext_noop("six scores sont attendus, pour R, I, A, S, E et C"))
    for letter, value in riasec.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            _fail(label, f"riasec.{letter}", gettext_noop("un nombre de 0 à 100 est attendu"))

    values = _codes(label, "work_values", raw["work_values"], set(W.WORK_VALUE_KEYS), as_int=False)
    centres = _codes(label, "centres_interet", raw["centres_interet"], known.centres, as_int=True)
    past = _codes(label, "past_appellations", raw["past_appellations"], known.appellations, as_int=True)
    past_codes = tuple(dict.fromkeys(known.appellations[code] for code in past))

    skills_raw = raw["skills"]
    if skills_raw == "core_of_past":
        skills = frozenset(skill for code in past_codes for skill in known.core_skills.get(code, ()))
    elif isinstance(skills_raw, list):
        skills = frozenset(_codes(label, "skills", skills_raw, _AnyCode(), as_int=True))
    else:
        _fail(label, "skills", gettext_noop("« core_of_past » ou une liste de codes est attendu"))

    imperatives_raw = raw["imperatives"]
    if not isinstance(imperatives_raw, dict):
        _fail(label, "imperatives", gettext_noop("un objet JSON est attendu"))
    unknown = set(imperatives_raw) - IMPERATIVE_FIELDS
    if unknown:
        _fail(label, f"imperatives.{sorted(unknown)[0]}", gettext_noop("champ inconnu"))
    imperatives = Imperatives(
        excluded_contexts=frozenset(
            _codes(
                label,
                "imperatives.excluded_contexts",
                imperatives_raw.get("excluded_contexts", []),
                known.contexts,
                as_int=True,
            )
        ),
        qualification_level=_choice(
            label,
            "imperatives.qualification_level",
            imperatives_raw.get("qualification_level"),
            tuple(W.QUALIFICATION_LEVELS),
        ),
        max_training=_choice(
            label, "imperatives.max_training", imperatives_raw.get("max_training"), tuple(W.MAX_TRAINING_MONTHS)
        ),
        self_employment=_choice(
            label,
            "imperatives.self_employment",
            imperatives_raw.get("self_employment"),
            W.SELF_EMPLOYMENT_CHOICES,
        ),
    )

    expect = raw["expect"]
    if not isinstance(expect, dict) or set(expect) - EXPECT_FIELDS:
        _fail(label, "expect", gettext_noop("un objet avec « any_in_top10 » et « never » est attendu"))
    any_in_top10 = _codes(label, "expect.any_in_top10", expect.get("any_in_top10", []), known.occupations, as_int=False)
    never = _codes(label, "expect.never", expect.get("never", []), known.occupations, as_int=False)
    return Persona(
        id=persona_id,
        person=Person(
            riasec={letter: float(riasec[letter]) for letter in W.INTEREST_LETTERS},
            work_values=values,
            centres=frozenset(centres),
            past_occupations=past_codes,
            skills=skills,
            imperatives=imperatives,
        ),
        past_appellations=past,
        any_in_top10=any_in_top10,
        never=never,
        story=str(raw.get("story", "")),
    )


class _AnyCode:
    def __contains__(self, item) -> bool:
        return True


def _persona_rows(text: str) -> list:
    """The list of personas of a file: the file itself when it is a list, else its "personas" key."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PersonaError(
            "-",
            "-",
            gettext_noop("JSON invalide, ligne %(line)s colonne %(column)s"),
            line=error.lineno,
            column=error.colno,
        ) from None
    if isinstance(data, dict):
        data = data.get("personas")
    if not isinstance(data, list) or not data:
        raise PersonaError("-", "personas", gettext_noop("une liste non vide de personas est attendue"))
    return data


def parse_personas(text: str, known: Known) -> list[Persona]:
    data = _persona_rows(text)
    personas = [parse_persona(raw, position, known) for position, raw in enumerate(data, start=1)]
    seen: set[str] = set()
    for persona in personas:
        if persona.id in seen:
            raise PersonaError(persona.id, "id", gettext_noop("cet identifiant est déjà utilisé"))
        seen.add(persona.id)
    return personas


# --- running ----------------------------------------------------------------------------------------------------------


def broken_imperatives(prepared: Prepared, person: Person, code: str) -> list[str]:
    """The imperatives an occupation breaks, checked from its data (not from the ranking's filters)."""
    imperatives = person.imperatives
    i = prepared.index[code]
    broken = []
    if imperatives.excluded_contexts & prepared.context_sets[i]:
        broken.append("context")
    entry = prepared.entries[i]
    level = W.QUALIFICATION_LEVELS.get(imperatives.qualification_level or "")
    held = {prepared.entries[prepared.index[past]].key for past in person.past_occupations}
    months = 0 if entry.key and entry.key in held else training_months(entry.level, entry.mandatory, level)
    limit = W.MAX_TRAINING_MONTHS.get(imperatives.max_training)
    if months is not None and limit is not None and months > limit:
        broken.append("training")
    if imperatives.self_employment == "no":
        statuses = prepared.context_sets[i]
        if statuses & W.SELF_EMPLOYED_CONTEXTS and not statuses & W.EMPLOYEE_CONTEXTS:
            broken.append("self_employment")
    return broken


@dataclass(frozen=True)
class PersonaResult:
    persona: Persona
    top: tuple[str, ...]
    hit: bool | None  # None when the persona expects nothing in particular
    violations: tuple[tuple[str, str], ...]  # (code_rome, what it breaks)
    milliseconds: float


@dataclass(frozen=True)
class Report:
    results: list[PersonaResult]

    @property
    def judged(self) -> list[PersonaResult]:
        return [result for result in self.results if result.hit is not None]

    @property
    def hits(self) -> int:
        return sum(1 for result in self.judged if result.hit)

    @property
    def hit_at_10(self) -> float:
        return self.hits / len(self.judged) if self.judged else 0.0

    @property
    def violations(self) -> int:
        return sum(len(result.violations) for result in self.results)

    @property
    def median_ms(self) -> float:
        return statistics.median(result.milliseconds for result in self.results)


def evaluate(prepared: Prepared, personas: list[Persona], *, repeat: int = 5, factors: Sequence = ()) -> Report:
    """hit@10, constraint violations and ranking time of each persona; `factors` (ranking.Factor, e.g. local hiring
    demand) apply to every persona, to check that a bounded factor keeps hits and breaks no constraint."""
    results = []
    for persona in personas:
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            ranking = rank(prepared, persona.person, factors=factors)
            top = ranking.suggestions(W.TOP)
            samples.append((time.perf_counter() - start) * 1000)
        codes = tuple(s.code_rome for s in top)
        violations = [(code, "never") for code in codes if code in persona.never]
        for code in codes:
            violations += [(code, kind) for kind in broken_imperatives(prepared, persona.person, code)]
        hit = bool(set(codes) & set(persona.any_in_top10)) if persona.any_in_top10 else None
        results.append(PersonaResult(persona, codes, hit, tuple(violations), float(np.median(samples))))
    return Report(results)


def simulated_reactions(
    prepared: Prepared, personas: list[Persona], *, reactions: int = 3
) -> tuple[Report, Report, int]:
    """hit@10 before and after `reactions` reactions per persona, each given at once to the best suggestion not yet
    reacted to. The simulated person judges by the ROME's own grouping, which the re-ranking never reads: a
    suggestion of the same domaine professionnel (the code's first three characters, e.g. K21) as one of their
    expected occupations "fits", any other is "not for me". Returns (before, after, reactions given)."""
    before, after, given = [], [], 0
    for persona in personas:
        person = persona.person
        first = rank(prepared, person).suggestions(W.TOP)
        said: dict[str, str] = {}
        wanted = {code[:3] for code in persona.any_in_top10}
        for _ in range(reactions):
            shown = rank(prepared, replace(person, reactions=dict(said))).top[: W.TOP]
            fresh = [prepared.codes[i] for i in shown.tolist() if prepared.codes[i] not in said]
            if not fresh:
                break
            code = fresh[0]
            said[code] = "fits" if code[:3] in wanted else "not_for_me"
            given += 1
        last = rank(prepared, replace(person, reactions=said)).suggestions(W.TOP)
        for target, top in ((before, first), (after, last)):
            codes = tuple(s.code_rome for s in top)
            hit = bool(set(codes) & set(persona.any_in_top10)) if persona.any_in_top10 else None
            target.append(PersonaResult(persona, codes, hit, (), 0.0))
    return Report(before), Report(after), given


# --- interest-only personas: both sources of occupational letters -----------------------------------------------------


@dataclass(frozen=True)
class InterestPersona:
    id: str
    kind: str  # "clear" (two highest scales stand out) or "flat"
    scores: tuple[float, ...]  # six display scores, R..C, from the platform's scoring of `answers`
    answers: tuple[int, ...] = ()

    @property
    def riasec(self) -> dict[str, float]:
        return dict(zip(W.INTEREST_LETTERS, self.scores, strict=True))


def _pair(first: int, second: int) -> int:
    return min(first, second) * 6 + max(first, second)


@dataclass(frozen=True)
class LetterTruth:
    """Each occupation's two letters from each source, as unordered pairs (-1: fewer than two letters)."""

    rome: np.ndarray
    onet: np.ndarray
    rome_ordered: np.ndarray
    onet_ordered: np.ndarray


def letter_truth(prepared: Prepared) -> LetterTruth:
    rome, onet, rome_ordered, onet_ordered = [], [], [], []
    for i in range(prepared.size):
        major, minor = int(prepared.letter_major[i]), int(prepared.letter_minor[i])
        rome.append(_pair(major, minor) if minor >= 0 else -1)
        rome_ordered.append(major * 6 + minor if minor >= 0 else -1)
        if prepared.has_profile[i]:
            top = sorted(range(6), key=lambda j: (-prepared.interests_raw[i, j], j))[:2]
            onet.append(_pair(*top))
            onet_ordered.append(top[0] * 6 + top[1])
        else:
            onet.append(-1)
            onet_ordered.append(-1)
    return LetterTruth(*(np.array(values) for values in (rome, onet, rome_ordered, onet_ordered)))


DISCOUNT = 1.0 / np.log2(np.arange(2, W.TOP + 2))


@dataclass(frozen=True)
class LetterReport:
    clear: int
    flat: int
    hit_rome: float
    hit_onet: float
    ndcg_rome: float
    ndcg_onet: float
    hit_rome_ordered: float
    hit_onet_ordered: float
    flat_domains: float  # mean number of grands domaines in the top 10 of flat profiles
    clear_domains: float
    median_ms: float


def _ndcg(relevant: np.ndarray, available: int) -> float:
    ideal = DISCOUNT[: min(W.TOP, available)].sum()
    return float((relevant * DISCOUNT[: len(relevant)]).sum() / ideal) if ideal else 0.0


def evaluate_letters(prepared: Prepared, personas: list[InterestPersona], *, truth: LetterTruth | None = None):
    """hit@10 and nDCG@10 of the interest-only personas against each source of occupational letters.

    A clear persona's top 10 is a hit against a source when it holds an occupation whose two letters from that source
    are the persona's two highest scales (in either order; `*_ordered` asks for the same order). nDCG@10 counts every
    such occupation in the top 10, discounted by position, over the best possible list."""
    truth = truth or letter_truth(prepared)
    sums = dict.fromkeys(("hr", "ho", "nr", "no", "hro", "hoo", "dc", "df"), 0.0)
    clear = flat = 0
    samples = []
    for persona in personas:
        start = time.perf_counter()
        ranking = rank(prepared, Person(riasec=persona.riasec))
        top = ranking.top[: W.TOP]
        samples.append((time.perf_counter() - start) * 1000)
        domains = len(set(prepared.domain[top].tolist()))
        if persona.kind != "clear":
            flat += 1
            sums["df"] += domains
            continue
        clear += 1
        sums["dc"] += domains
        order = sorted(range(6), key=lambda j: (-persona.scores[j], j))
        pair, ordered = _pair(order[0], order[1]), order[0] * 6 + order[1]
        for source, hit, ndcg, hit_ordered, ordered_truth in (
            (truth.rome, "hr", "nr", "hro", truth.rome_ordered),
            (truth.onet, "ho", "no", "hoo", truth.onet_ordered),
        ):
            relevant = source[top] == pair
            sums[hit] += bool(relevant.any())
            sums[ndcg] += _ndcg(relevant, int(np.count_nonzero(source == pair)))
            sums[hit_ordered] += bool((ordered_truth[top] == ordered).any())
    c, f = max(clear, 1), max(flat, 1)
    return LetterReport(
        clear,
        flat,
        sums["hr"] / c,
        sums["ho"] / c,
        sums["nr"] / c,
        sums["no"] / c,
        sums["hro"] / c,
        sums["hoo"] / c,
        sums["df"] / f,
        sums["dc"] / c,
        statistics.median(samples) if samples else 0.0,
    )


def parse_interest_personas(text: str) -> list[InterestPersona]:
    """The shipped interest-only set: each persona's 48 answers (R1..C8 order) scored by the platform's scoring."""
    rows = _persona_rows(text)
    parsed = []
    for position, row in enumerate(rows, start=1):
        label = row.get("id") if isinstance(row, dict) and isinstance(row.get("id"), str) else f"#{position}"
        if not isinstance(row, dict):
            _fail(label, "-", gettext_noop("un objet JSON est attendu"))
        answers = row.get("answers")
        if not isinstance(answers, str) or len(answers) != 48 or not all(ch in "12345" for ch in answers):
            _fail(label, "answers", gettext_noop("48 réponses de 1 à 5 sont attendues"))
        kind = _choice(label, "kind", row.get("kind"), ("clear", "flat"))
        values = tuple(int(ch) for ch in answers)
        parsed.append(InterestPersona(label, kind, tuple(score_answers([values])[0]), values))
    return parsed


def is_interest_file(text: str) -> bool:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return False
    return isinstance(data, dict) and data.get("kind") == "interest-personas"


GRID_SHARES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
GRID_MINORS = (0.7, 0.85, 1.0)


@dataclass(frozen=True)
class GridRow:
    onet_share: float
    letter_minor: float
    shrink: bool
    worst_hit: float  # the lowest hit@10, over both sources and every response model
    mean_ndcg: float  # nDCG@10 averaged over both sources and every response model
    by_model: dict


def variant_sets(count: int = 300, seed: int = 99) -> dict[str, list[InterestPersona]]:
    """A fresh set of clear personas from each response model of simulation.VARIANTS (not the shipped set)."""
    return {
        model.name: [
            InterestPersona(f"{model.name}-{k}", kind, tuple(float(v) for v in scores))
            for k, (kind, _answers, scores) in enumerate(simulation.sample(model, clear=count, flat=0, seed=seed))
        ]
        for model in simulation.VARIANTS
    }


def grid(prepared: Prepared, sets: Mapping[str, list[InterestPersona]], *, shrink=(True,)) -> list[GridRow]:
    """The measurement behind weights.ONET_SHARE and LETTER_MINOR: every pair of the grid, on every model's set."""
    truth = letter_truth(prepared)
    rows = []
    for share in GRID_SHARES:
        for minor in GRID_MINORS:
            for shrunk in shrink:
                trial = reweigh(prepared, onet_share=share, letter_minor=minor, shrink=shrunk)
                by_model = {name: evaluate_letters(trial, personas, truth=truth) for name, personas in sets.items()}
                hits = [v for r in by_model.values() for v in (r.hit_rome, r.hit_onet)]
                ndcgs = [v for r in by_model.values() for v in (r.ndcg_rome, r.ndcg_onet)]
                rows.append(GridRow(share, minor, shrunk, min(hits), sum(ndcgs) / len(ndcgs), by_model))
    rows.sort(key=lambda row: (-round(row.worst_hit, 3), -row.mean_ndcg))
    return rows
