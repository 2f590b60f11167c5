"""Turn the ranking's suggestions (plain data with untranslated Text) into what the templates show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openbilan.recommendations import demand, explanations, ranking
from openbilan.recommendations import weights as W
from openbilan.recommendations.models import PathKind, Reaction
from openbilan.recommendations.selectors import Outlook
from openbilan.recommendations.text import LETTER_NAMES, LEVEL_NAMES, TRAINING_NAMES, Text


def render(text: Text | None) -> str:
    if text is None:
        return ""
    return text.render(gettext, lambda value: number_format(value, 2))


@dataclass(frozen=True)
class ReasonView:
    kind: str
    text: str
    weight: float
    data: dict


@dataclass(frozen=True)
class ScoreRow:
    """One line of "Comment nous calculons ce score": a piece of evidence, its value, its weight, what it adds."""

    label: str
    value: str
    weight: str
    contribution: str


@dataclass(frozen=True)
class SuggestionView:
    code: str
    label: str
    rank: int | None
    score: float
    evidence: list[ReasonView]  # what counts in the score, strongest first
    entry: ReasonView
    training: ReasonView
    excluded: ReasonView | None
    weakest: ReasonView | None
    months: int | None
    reaction: str  # Reaction.Kind value or ""
    reaction_label: str
    shortlisted: bool
    path: str = PathKind.OCCUPATION
    fit_level: int | None = None  # 0..3, drawn as 1..4 filled marks
    fit_text: str = ""
    variants: tuple[tuple[str, str], ...] = ()
    score_rows: tuple[ScoreRow, ...] = ()
    interest_rows: tuple[ScoreRow, ...] = ()
    demand: ReasonView | None = None  # the hiring demand near the person, when it is worth a line
    demand_effect: str = ""  # what it adds to the score ("+0,030")
    score_text: str = ""  # the total score ("0,612")

    @property
    def summary(self) -> list[ReasonView]:
        """The two strongest pieces of evidence besides the interest match (shown as a scale) and the hiring demand
        (shown on its own line), for the list."""
        return [reason for reason in self.evidence if reason.kind not in ("interests", "demand")][:2]

    @property
    def fit_marks(self) -> list[bool]:
        """Four marks, the first `fit_level + 1` filled: the small scale of the interest match."""
        filled = -1 if self.fit_level is None else self.fit_level
        return [position <= filled for position in range(4)]

    @property
    def fit_out_of_four(self) -> int:
        return 0 if self.fit_level is None else self.fit_level + 1


def _reason(reason: ranking.Reason | None) -> ReasonView | None:
    if reason is None:
        return None
    return ReasonView(reason.kind, render(reason.text), round(reason.weight, 3), reason.data)


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else number_format(value, digits)


def _signed(value: float, digits: int = 3) -> str:
    text = number_format(abs(value), digits)
    return f"−{text}" if value < 0 else f"+{text}"


def _letters(code: str) -> str:
    return ", ".join(str(render(LETTER_NAMES[letter])) for letter in code if letter in LETTER_NAMES) or "—"


KIND_LABELS = {
    "interests": _("Vos goûts (questionnaire d'intérêts)"),
    "values": _("Ce qui compte pour vous au travail"),
    "skills": _("Compétences clés que vous avez déjà"),
    "mobility": _("Passage depuis un de vos métiers"),
    "centres": _("Ce que vous aimez"),
    "reaction": _("Vos réactions"),
    "demand": _("Recrutements près de chez vous"),
}
SOURCE_LABELS = {
    "direct": _("profil construit pour ce métier"),
    "parent": _("profil emprunté à la fiche parente"),
    "siblings": _("profil emprunté aux fiches voisines"),
    "none": _("pas de profil O*NET"),
}


def _score_rows(suggestion: ranking.Suggestion, outlook: Outlook) -> tuple[ScoreRow, ...]:
    """The numbers behind the score: each piece of evidence, its value, its weight and what it adds."""
    result = outlook.ranking
    used = result.used_weights
    i = result.prepared.index[suggestion.code_rome]
    rows = []
    for reason in suggestion.reasons:
        if reason.kind in ("entry", "training"):
            continue
        label = KIND_LABELS.get(reason.kind, reason.kind)
        if reason.kind in used:
            value = reason.data.get("fit", reason.data.get("share"))
            if value is None and reason.kind in ("mobility", "centres"):
                value = float(result.components[reason.kind][i])
            rows.append(ScoreRow(str(label), _number(value), _number(used[reason.kind]), _number(reason.weight, 3)))
        elif "cap" in reason.data:  # a bounded factor: its value in [-1, 1] and its cap stand for note and weight
            cap = reason.data["cap"]
            value = reason.data["effect"] / cap if cap else None
            rows.append(ScoreRow(str(label), _number(value), _number(cap, 3), _signed(reason.weight)))
        else:
            rows.append(ScoreRow(str(label), "—", "—", _number(reason.weight, 3)))
    rows.append(ScoreRow(str(_("Score total")), "", "", _number(suggestion.score, 3)))
    return tuple(rows)


def _interest_rows(suggestion: ranking.Suggestion) -> tuple[ScoreRow, ...]:
    reason = next((r for r in suggestion.reasons if r.kind == "interests"), None)
    if reason is None:
        return ()
    data = reason.data
    return (
        ScoreRow(str(_("Vos trois lettres les plus fortes")), _letters(data["person_code"]), "", ""),
        ScoreRow(
            str(_("Ressemblance avec le profil O*NET de ce métier (corrélation)")),
            _number(data["onet"]),
            _number(data["onet_share"]),
            "",
        ),
        ScoreRow(
            str(_("Accord avec les lettres du ROME pour ce métier")) + f" ({_letters(data['rome_letters'])})",
            _number(data["rome"]),
            _number(data["rome_share"]),
            "",
        ),
        ScoreRow(
            str(_("Confiance dans le profil O*NET")) + f" ({SOURCE_LABELS.get(data['profile_source'], '')})",
            _number(data["trust"]),
            "",
            "",
        ),
        ScoreRow(str(_("Accord de vos goûts avec ce métier")), _number(data["fit"]), "", ""),
    )


def suggestion_view(
    suggestion: ranking.Suggestion, outlook: Outlook, path: str = PathKind.OCCUPATION, *, numbers: bool = False
) -> SuggestionView:
    by_kind = {reason.kind: reason for reason in suggestion.reasons}
    reaction = outlook.reactions.get(suggestion.code_rome, "")
    fit_reason = by_kind.get("interests")
    demand_reason = by_kind.get(demand.KIND)
    return SuggestionView(
        code=suggestion.code_rome,
        label=suggestion.label,
        rank=suggestion.rank,
        score=suggestion.score,
        evidence=[_reason(r) for r in suggestion.reasons if r.kind not in ("entry", "training")],
        entry=_reason(by_kind["entry"]),
        training=_reason(by_kind["training"]),
        excluded=_reason(suggestion.excluded_by),
        weakest=_reason(suggestion.weakest),
        months=suggestion.training_months,
        reaction=reaction,
        reaction_label=str(Reaction.Kind(reaction).label) if reaction else "",
        shortlisted=suggestion.code_rome in outlook.shortlisted,
        path=path,
        fit_level=suggestion.fit_level,
        fit_text=render(fit_reason.text) if fit_reason else "",
        variants=suggestion.variants,
        score_rows=_score_rows(suggestion, outlook) if numbers else (),
        interest_rows=_interest_rows(suggestion) if numbers else (),
        demand=_reason(demand_reason),
        demand_effect=_signed(demand_reason.weight) if demand_reason else "",
        score_text=number_format(suggestion.score, 3),
    )


def suggestions(outlook: Outlook, count: int = 10) -> list[SuggestionView]:
    return [suggestion_view(s, outlook) for s in outlook.ranking.suggestions(count)]


def business(outlook: Outlook, count: int = 10) -> list[SuggestionView]:
    return [
        suggestion_view(s, outlook, PathKind.BUSINESS)
        for s, _score in explanations.business_creation(outlook.ranking, count)
    ]


@dataclass(frozen=True)
class TrainingView:
    entry_text: str
    training_text: str
    months: int | None
    level_gap: int | None
    held: list[str]
    missing: list[str]
    excluded: str


def training(outlook: Outlook, code: str) -> TrainingView:
    path = explanations.training_path(outlook.ranking, code)
    labels = outlook.ranking.prepared.skill_labels
    return TrainingView(
        entry_text=render(path.entry_text),
        training_text=render(path.text),
        months=path.months,
        level_gap=path.level_gap,
        held=[labels[s] for s in path.held_skills if labels.get(s)],  # skills by their names, never their codes
        missing=[labels[s] for s in path.missing_skills if labels.get(s)],
        excluded=render(path.excluded_by.text) if path.excluded_by else "",
    )


MISSING_TEXTS = {
    "riasec": _("Répondez au questionnaire d'intérêts : les suggestions s'appuient d'abord sur lui."),
    "values": _("Classez vos valeurs de travail pour que les suggestions en tiennent compte."),
    "centres": _("Choisissez ce que vous aimez parmi les centres d'intérêt."),
    "past": _("Ajoutez vos emplois passés à votre ligne de vie pour compter vos compétences."),
    "level": _("Indiquez votre plus haut diplôme dans vos impératifs pour estimer les formations."),
}


def missing(outlook: Outlook) -> list[tuple[str, str]]:
    return [(key, str(MISSING_TEXTS[key])) for key in outlook.missing]


# --- the training page of a suggestion (issue 21) -------------------------------------------------------------------

EXCLUSION_TEXTS = {
    "level_above": _("Leur niveau est plus haut que le vôtre de plus d'un cran."),
    "level_below": _("Leur niveau est plus bas que le vôtre de plus d'un cran."),
    "level_unknown": _("Leur niveau n'est pas connu."),
    "too_long": _("La formation dure plus longtemps que ce que vous acceptez."),
    "length_unknown": _("La durée de la formation n'est pas connue."),
}
WHY_NONE_TEXTS = {
    "no_certification": _("Aucune certification en cours ne mène à ce métier dans nos données."),
    "level": _("Aucune certification de ce métier n'est proche de votre niveau de diplôme."),
    "length": _("Toutes les formations de ce métier durent plus longtemps que ce que vous acceptez."),
    "level_and_length": _(
        "Aucune certification de ce métier n'est à la fois proche de votre niveau et assez courte pour vous."
    ),
}


@dataclass(frozen=True)
class ExclusionGroup:
    reason: str
    text: str
    items: list


def exclusion_reasons(found) -> dict:
    """Why not the other certifications, grouped by reason, and why none fits (when none does)."""
    groups = [
        ExclusionGroup(reason, str(EXCLUSION_TEXTS.get(reason, reason)), items)
        for reason, items in found.excluded_by_reason.items()
    ]
    return {"groups": groups, "why_none": str(WHY_NONE_TEXTS.get(found.why_none, "")) if found.why_none else ""}


def limits(found) -> dict:
    """The person's level and the training length they accept, in words."""
    return {
        "level_text": render(LEVEL_NAMES[found.level]) if found.level in LEVEL_NAMES else "",
        "limit_text": render(TRAINING_NAMES[found.max_training]) if found.max_training != "any" else "",
    }


HIRING_FIT = W.FIT_LEVELS[1]  # "vos goûts ressemblent assez" or more
HIRING_VALUE = demand.value_of(4)  # the bassin's two highest fifths


def hiring_and_fitting(outlook: Outlook, count: int = 5) -> list[tuple[str, str]]:
    """Issue 20: "métiers qui recrutent près de chez vous et qui vous ressemblent": occupations the person may
    choose (their imperatives kept) that fit them at least fairly and whose family is in the two highest fifths of
    their bassin's demand, best fit first. Empty without the demand factor or an interest profile."""
    result = outlook.ranking
    if not outlook.demand_on or "interests" not in result.components:
        return []
    fit = result.components["interests"]
    values = np.nan_to_num(np.asarray(outlook.demand.factor.values, dtype=float), nan=-1.0)
    chosen = np.flatnonzero(result.listed & (fit >= HIRING_FIT) & (values >= HIRING_VALUE))
    best = chosen[np.lexsort((chosen, -fit[chosen]))][:count]
    prepared = result.prepared
    return [(prepared.codes[i], prepared.labels[i]) for i in best.tolist()]
