"""Turn the ranking's suggestions (plain data with untranslated Text) into what the templates show."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openbilan.recommendations import ranking
from openbilan.recommendations.models import PathKind, Reaction
from openbilan.recommendations.selectors import Outlook
from openbilan.recommendations.text import Text


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

    @property
    def summary(self) -> list[ReasonView]:
        """The two strongest pieces of evidence, for the list."""
        return self.evidence[:2]


def _reason(reason: ranking.Reason | None) -> ReasonView | None:
    if reason is None:
        return None
    return ReasonView(reason.kind, render(reason.text), round(reason.weight, 3), reason.data)


def suggestion_view(
    suggestion: ranking.Suggestion, outlook: Outlook, path: str = PathKind.OCCUPATION
) -> SuggestionView:
    by_kind = {reason.kind: reason for reason in suggestion.reasons}
    reaction = outlook.reactions.get(suggestion.code_rome, "")
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
    )


def suggestions(outlook: Outlook, count: int = 10) -> list[SuggestionView]:
    return [suggestion_view(s, outlook) for s in outlook.ranking.suggestions(count)]


def business(outlook: Outlook, count: int = 10) -> list[SuggestionView]:
    return [
        suggestion_view(s, outlook, PathKind.BUSINESS)
        for s, _score in ranking.business_creation(outlook.ranking, count)
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
    path = ranking.training_path(outlook.ranking, code)
    labels = outlook.ranking.prepared.skill_labels
    return TrainingView(
        entry_text=render(path.entry_text),
        training_text=render(path.text),
        months=path.months,
        level_gap=path.level_gap,
        held=[labels.get(s, str(s)) for s in path.held_skills],
        missing=[labels.get(s, str(s)) for s in path.missing_skills],
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
