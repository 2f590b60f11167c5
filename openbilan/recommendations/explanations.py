"""The explanations: why an occupation is suggested (or why not), in plain words with the numbers kept as data.

Pure Python + numpy, no Django import, and no import of ranking.py (the ranking calls this module): the functions
take a `ranking.Ranking` and read its arrays. Every suggestion carries its reasons (kind, weight in the score, a plain
French text translated on display, the data it came from); the interest match is given as a level on a small scale
with a sentence, the correlations behind it stay in the reason's data for "Comment nous calculons ce score".
Texts that depend only on the occupation (entry requirement) or on the occupation and the person's level (training)
are built once and kept in `prepared.cache`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from openbilan.recommendations import weights as W
from openbilan.recommendations.entry_level import EntryLevel
from openbilan.recommendations.text import (
    LEVEL_NAMES,
    TRAINING_NAMES,
    VALUE_NAMES,
    Text,
    gettext_noop,
)
from openbilan.recommendations.training import person_level

ELIGIBLE, BY_CONTEXT, BY_TRAINING, BY_SELF_EMPLOYMENT, BY_PAST_JOB = 0, 1, 2, 3, 4


class Reason(NamedTuple):
    """One piece of evidence (a named tuple: ten of these per suggestion are built per request, cheaply)."""

    kind: str  # interests, values, skills, mobility, centres, reaction, <factor>, entry, training, context...
    weight: float  # contribution to the score (0 for information such as the entry requirement)
    text: Text
    data: dict = {}


_NO_ENTRY = EntryLevel(None)


class Suggestion(NamedTuple):
    code_rome: str
    label: str
    score: float
    rank: int | None  # 1-based position in the person's list; None when excluded
    reasons: tuple[Reason, ...]
    excluded_by: Reason | None = None
    entry: EntryLevel = _NO_ENTRY
    training_months: int | None = None
    weakest: Reason | None = None  # the weakest piece of evidence, for "why not X?"
    fit: float | None = None  # the interest match, -1..1 (None without interests)
    fit_level: int | None = None  # 3 strong, 2 fair, 1 some, 0 little (None without interests)
    variants: tuple[tuple[str, str], ...] = ()  # close variants grouped under it: (code_rome, label)

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


# --- the interest match --------------------------------------------------------------------------------------------

FIT_SENTENCES = (
    Text(gettext_noop("Vos goûts ressemblent peu à ceux des personnes qui font ce métier.")),
    Text(gettext_noop("Vos goûts ressemblent un peu à ceux des personnes qui font ce métier.")),
    Text(gettext_noop("Vos goûts ressemblent assez à ceux des personnes qui font ce métier.")),
    Text(gettext_noop("Vos goûts ressemblent beaucoup à ceux des personnes qui font ce métier.")),
)


def _plain(prepared) -> dict:
    """Per-occupation facts as plain Python values (reading numpy scalars one by one is slow), built once."""
    found = prepared.cache.get("plain")
    if found is None:
        found = {
            "has_profile": prepared.has_profile.tolist(),
            "has_values": prepared.has_values.tolist(),
            "onet_share": prepared.onet_share.tolist(),
            "trust": prepared.trust.tolist(),
            "centres": [
                frozenset(code for code, column in prepared.centre_ids.items() if row[column] > 0)
                for row in prepared.centres.tolist()
            ],
        }
        prepared.cache["plain"] = found
    return found


def fit_level(fit: float) -> int:
    """3 (strong) .. 0 (little): the first band of weights.FIT_LEVELS the interest match reaches."""
    for position, threshold in enumerate(W.FIT_LEVELS):
        if fit >= threshold:
            return len(W.FIT_LEVELS) - position
    return 0


def interest_parts(r, i: int, fit: float | None = None, onet: float | None = None, rome: float | None = None) -> dict:
    """The numbers behind the interest match of occupation i: both sources, their shares and the profile's trust."""
    prepared = r.prepared
    p = r.person_unit
    plain = _plain(prepared)
    has_profile = plain["has_profile"][i]
    if fit is None:
        fit = float(r.components["interests"][i])
        onet = float(prepared.interests_z[i] @ p) if has_profile else None
        rome = float(prepared.letters_z[i] @ p)
    share = plain["onet_share"][i]
    return {
        "fit": fit,
        "onet": onet if has_profile else None,
        "rome": rome,
        "onet_share": share,
        "rome_share": 1.0 - share,
        "trust": plain["trust"][i],
        "profile_source": prepared.interest_source[i],
        "person_code": r.person_code,
        "occupation_code": prepared.occupation_top[i],
        "rome_letters": prepared.rome_letters[i],
        "method": "both" if has_profile else "letters",
    }


def _interest_reason(r, i: int, data: dict, level: int) -> Reason:
    data["level"] = level
    return Reason("interests", r.used_weights["interests"] * data["fit"], FIT_SENTENCES[level], data)


def _offered_values(prepared, i: int) -> frozenset[str]:
    """The work values this occupation offers at least as much as its average (built once per occupation)."""
    cache = prepared.cache.setdefault("offered_values", {})
    found = cache.get(i)
    if found is None:
        raw, mean = prepared.values_raw[i].tolist(), float(prepared.values_mean[i])
        found = frozenset(key for key, value in zip(W.WORK_VALUE_KEYS, raw, strict=True) if value >= mean)
        cache[i] = found
    return found


def _values_reason(r, i: int, fit: float) -> Reason:
    prepared = r.prepared
    if not _plain(prepared)["has_values"][i]:
        return Reason(
            "values", 0.0, Text(gettext_noop("Les valeurs de travail de ce métier ne sont pas connues.")), {"fit": None}
        )
    top = r.ranked_values[:3]
    offered = _offered_values(prepared, i)
    matching = tuple(key for key in top if key in offered)
    data = {"fit": fit, "matching": list(matching), "person_top": top}
    offers = bool(matching) and fit >= W.SHOW_VALUES_FROM
    text = _values_text(True, matching) if offers else _values_text(False, tuple(top))
    return Reason("values", r.used_weights["values"] * fit, text, data)


@lru_cache(maxsize=1024)
def _values_text(offered: bool, keys: tuple[str, ...]) -> Text:
    """The values sentence for these keys (shared by everyone: Text is immutable)."""
    if offered:
        return Text(
            gettext_noop("Ce métier offre ce qui compte le plus pour vous : %(values)s."),
            {"values": tuple(VALUE_NAMES[key] for key in keys)},
        )
    return Text(
        gettext_noop("Ce métier répond peu à ce qui compte le plus pour vous : %(values)s."),
        {"values": tuple(VALUE_NAMES[key] for key in keys)},
    )


def _skills_reason(r, i: int, share: float) -> Reason:
    core = r.prepared.core_skills[i]
    skills = r.person.skills
    held = [s for s in core if s in skills]
    data = {"held": held, "total": len(core), "share": share}
    if held:
        names = r.prepared.skill_labels
        text = Text(
            gettext_noop("Compétences clés de ce métier que vous avez déjà : %(held)s sur %(total)s (%(labels)s)."),
            {"held": len(held), "total": len(core), "labels": tuple([names[s] for s in held if names.get(s)])},
        )
    else:
        text = Text(
            gettext_noop("Vous n'avez encore aucune compétence clé de ce métier (il en compte %(total)s)."),
            {"total": len(core)},
        )
    return Reason("skills", r.used_weights["skills"] * share, text, data)


def _mobility_reason(r, i: int, value: float) -> Reason | None:
    link = r.mobility_link(i)
    if link is None:
        return None
    source, order = link
    source_label = r.prepared.labels[r.prepared.index[source]]
    return Reason(
        "mobility",
        r.used_weights["mobility"] * value,
        Text(
            gettext_noop("On passe souvent à ce métier depuis votre métier « %(source)s »."), {"source": source_label}
        ),
        {"from": source, "order": order},
    )


def _centres_reason(r, i: int, value: float) -> Reason | None:
    if value <= 0:
        return None
    prepared = r.prepared
    offered = _plain(prepared)["centres"][i]
    matched = tuple(c for c, _column in r.centre_columns if c in offered)
    text = _centres_text(tuple(prepared.centre_labels.get(c, "") for c in matched))
    return Reason("centres", r.used_weights["centres"] * value, text, {"centres": list(matched)})


@lru_cache(maxsize=1024)
def _centres_text(labels: tuple[str, ...]) -> Text:
    return Text(gettext_noop("Ce métier correspond à ce que vous aimez : %(centres)s."), {"centres": labels})


def _reaction_reason(r, i: int, effects: dict[str, float]) -> Reason | None:
    """The reaction that moved this occupation most, when it moved it enough to say so. `effects`: each reacted
    code's effect on this occupation."""
    prepared = r.prepared
    code = prepared.codes[i]
    said = r.person.reactions.get(code)
    if code in effects:
        effect = effects[code]
        if said == "fits":
            text = Text(gettext_noop("Vous avez dit : « Ça me correspond »."))
        else:
            text = Text(gettext_noop("Vous avez dit : « Pas pour moi ». Ce métier passe en fin de liste."))
        return Reason("reaction", effect, text, {"from": code, "kind": said, "effect": effect})
    best_code, best = "", 0.0
    for other, effect in effects.items():
        if abs(effect) > abs(best):
            best_code, best = other, effect
    if abs(best) < W.SHOW_REACTION_FROM:
        return None
    text = _reaction_text(best > 0, prepared.labels[prepared.index[best_code]])
    data = {"from": best_code, "kind": r.person.reactions.get(best_code), "effect": best}
    return Reason("reaction", best, text, data)


@lru_cache(maxsize=4096)
def _reaction_text(lifted: bool, label: str) -> Text:
    if lifted:
        return Text(gettext_noop("Plus haut parce que vous avez aimé « %(label)s »."), {"label": label})
    return Text(gettext_noop("Plus bas parce que « %(label)s » n'est pas pour vous."), {"label": label})


def _factor_reasons(r, i: int, effects: list[float]) -> list[Reason]:
    """The factors' reasons for occupation i; `effects`: each factor's effect on it, in r.factors order."""
    out = []
    for factor, effect in zip(r.factors, effects, strict=True):
        text = factor.text(i, effect) if callable(factor.text) else None
        if text is not None:
            out.append(Reason(factor.kind, effect, text, {"effect": effect, "cap": factor.cap}))
    return out


def _entry_reason(r, i: int) -> Reason:
    cache = r.prepared.cache.setdefault("entry", {})
    found = cache.get(i)
    if found is not None:
        return found
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
    reason = Reason("entry", 0.0, text, data)
    cache[i] = reason
    return reason


def _training_reason(r, i: int, months: float | None = None) -> Reason:
    level = r.level
    months = float(r.months[i]) if months is None else months
    entry = r.prepared.entries[i]
    holds = bool(entry.key) and entry.key in r.held
    unknown = months != months  # NaN: the occupation's level is not known
    key = (level, i, holds, None if unknown else int(months))
    cache = r.prepared.cache.setdefault("training", {})
    found = cache.get(key)
    if found is not None:
        return found
    data = {"months": None if unknown else int(months), "person_level": level, "entry_level": entry.level}
    if level is None:
        text = Text(gettext_noop("Indiquez votre niveau de diplôme pour estimer la formation nécessaire."))
    elif unknown:
        text = Text(gettext_noop("La durée de formation ne peut pas être estimée : le ROME ne précise pas de niveau."))
    elif months == 0 and holds:
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
    reason = Reason("training", 0.0, text, data)
    if len(cache) < 50_000:
        cache[key] = reason
    return reason


def _exclusion_reason(r, i: int) -> Reason | None:
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


def explain(r, i: int) -> Suggestion:
    """Occupation i with all its evidence for this person's ranking."""
    return explain_many(r, [i], [r.rank_of_index(i)])[0]


def explain_many(r, indices: list[int], ranks: list[int | None]) -> list[Suggestion]:
    """Several occupations at once: the numbers each needs are read from the arrays in one go."""
    prepared = r.prepared
    at = np.asarray(indices, dtype=np.intp)  # an index array: numpy gathers from it far faster than from a list
    indices = at.tolist()
    rows = dict(zip(r.components, r.stacked.take(at, axis=1).tolist(), strict=True))
    if "interests" in rows:
        both = (_both_z(prepared)[at] @ r.person_unit).tolist()  # (k, 2): O*NET-derived, ROME letters
        rows["onet"] = [pair[0] for pair in both]
        rows["rome"] = [pair[1] for pair in both]
    totals = r.total.take(at).tolist()
    months = r.months.take(at).tolist()
    reacted = {code: effects.take(at).tolist() for code, effects in r.reactions.items()}
    excluded = r.exclusion.take(at).tolist()
    factored = [r.factor_effects[factor.kind].take(at).tolist() for factor in r.factors]
    out = []
    for position, i in enumerate(indices):
        scored: list[Reason] = []
        fit = level = None
        if "interests" in rows:
            fit = rows["interests"][position]
            level = fit_level(fit)
            data = interest_parts(r, i, fit, rows["onet"][position], rows["rome"][position])
            scored.append(_interest_reason(r, i, data, level))
        if "values" in rows:
            scored.append(_values_reason(r, i, rows["values"][position]))
        if "skills" in rows:
            scored.append(_skills_reason(r, i, rows["skills"][position]))
        if "mobility" in rows:
            reason = _mobility_reason(r, i, rows["mobility"][position])
            if reason:
                scored.append(reason)
        if "centres" in rows:
            reason = _centres_reason(r, i, rows["centres"][position])
            if reason:
                scored.append(reason)
        if reacted:
            reason = _reaction_reason(r, i, {code: values[position] for code, values in reacted.items()})
            if reason is not None:
                scored.append(reason)
        if factored:
            scored += _factor_reasons(r, i, [effects[position] for effects in factored])
        scored.sort(key=_WEIGHT, reverse=True)  # strongest first; stable, so ties keep their order
        weakest = None
        for reason in scored:
            if reason.kind in WEAKEST_KINDS and (weakest is None or reason.weight < weakest.weight):
                weakest = reason
        month = months[position]
        known = month == month  # not NaN
        out.append(
            Suggestion(  # positional: a named tuple builds faster so (fields in declaration order)
                prepared.codes[i],
                prepared.labels[i],
                totals[position],
                ranks[position],
                (*scored, _entry_reason(r, i), _training_reason(r, i, month)),
                _exclusion_reason(r, i) if excluded[position] else None,
                prepared.entries[i],
                int(month) if known else None,
                weakest,
                fit,
                level,
                _variants(prepared, r.variants.get(i)),
            )
        )
    return out


def _both_z(prepared) -> np.ndarray:
    """The two sources of an occupation's interests side by side, (n, 2, 6): one gather and one product give both
    correlations with the person's profile (built once)."""
    found = prepared.cache.get("both_z")
    if found is None:
        found = np.ascontiguousarray(np.stack([prepared.interests_z, prepared.letters_z], axis=1))
        found.flags.writeable = False
        prepared.cache["both_z"] = found
    return found


def _variants(prepared, found) -> tuple[tuple[str, str], ...]:
    if not found:
        return ()
    return tuple((prepared.codes[v], prepared.labels[v]) for v in found)


WEAKEST_KINDS = frozenset({"interests", "values", "skills"})


_WEIGHT = itemgetter(1)  # Reason.weight


def suggestions(r, count: int = W.TOP) -> list[Suggestion]:
    """The first `count` suggestions: the diversified top, then (beyond it) the score order."""
    indices = r.top[:count] if count <= len(r.top) else r.order[:count]
    return explain_many(r, indices, list(range(1, len(indices) + 1)))


# --- other paths -----------------------------------------------------------------------------------------------------


def training_path(r, code_rome: str) -> TrainingPath:
    """For a chosen occupation: the gap between the person's level and skills and the entry requirement."""
    prepared = r.prepared
    i = prepared.index[code_rome]
    entry = prepared.entries[i]
    level = person_level(r.person.imperatives.qualification_level)
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


def business_creation(r, count: int = W.TOP) -> list[tuple[Suggestion, float]]:
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
    return [(explain(r, int(i)), round(float(score[i]), 4)) for i in best]


# Texts of earlier versions, still shown by evidence a project copied then (projects.snapshot keeps the msgid): kept
# marked so that the catalogues keep their translations.
LEGACY_TEXTS = (
    gettext_noop(
        "Vos intérêts dominants (%(person)s) comparés aux lettres du ROME pour ce métier (%(occupation)s) : "
        "indice d'accord de Iachan %(fit)s (sur une échelle de -1 à 1)."
    ),
    gettext_noop(
        "Vos intérêts dominants (%(person)s) ressemblent à ceux de ce métier (%(occupation)s) : "
        "corrélation de %(fit)s entre vos six scores et les siens."
    ),
    gettext_noop(
        "Vos intérêts dominants (%(person)s) ressemblent peu à ceux de ce métier (%(occupation)s) : "
        "corrélation de %(fit)s entre vos six scores et les siens."
    ),
    gettext_noop("Ce métier offre ce qui compte le plus pour vous : %(values)s (corrélation de %(fit)s)."),
    gettext_noop("Ce métier répond peu à ce qui compte le plus pour vous (%(values)s) : corrélation de %(fit)s."),
    gettext_noop("Vous avez déjà %(held)s des %(total)s compétences cœur de métier : %(labels)s."),
    gettext_noop("Vous avez déjà %(held)s des %(total)s compétences clés de ce métier : %(labels)s."),
    gettext_noop("Vous n'avez encore aucune des %(total)s compétences clés."),
    gettext_noop("Vous n'avez encore aucune des %(total)s compétences cœur de métier."),
    gettext_noop("Le ROME propose ce passage depuis votre métier « %(source)s »."),
)


__all__ = ["Reason", "Suggestion", "TrainingPath", "business_creation", "explain", "suggestions", "training_path"]
