"""Writes of the recommendations domain. Only the person writes their own profile, reactions and shortlist."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import User
from openbilan.recommendations import selectors
from openbilan.recommendations.models import (
    CentreChoice,
    ConfirmedSkill,
    PathKind,
    Reaction,
    ShortlistItem,
    SuggestionSettings,
)
from openbilan.referential.models import CentreInteret, CoreLevel, Occupation, OccupationSkill, Skill


class RecommendationError(ValidationError):
    """A refused write, like every domain's refusal a ValidationError with a message ready to show (www.flow)."""

    default_message = _("Cette action n'a pas pu être enregistrée. Rechargez la page et réessayez.")

    def __init__(self, message=None):
        super().__init__(message or self.default_message, code=type(self).__name__)


class NotAllowed(RecommendationError):
    default_message = _("Seule la personne concernée peut modifier ses choix.")


class UnknownOccupation(RecommendationError):
    default_message = _("Ce métier n'existe pas dans le ROME en vigueur.")


class InvalidChoice(RecommendationError):
    default_message = _("Ce choix n'est pas possible. Choisissez parmi les options proposées.")


def _check_person(user: User) -> None:
    if not user.is_authenticated or not user.is_beneficiary:
        raise NotAllowed


ROME_CODE = re.compile(r"[A-Z][0-9]{4}")


def _occupation(code_rome: str) -> Occupation:
    code = str(code_rome).upper()
    if not ROME_CODE.fullmatch(code):  # also keeps NUL bytes and other junk away from the database
        raise UnknownOccupation
    occupation = Occupation.objects.filter(code_rome=code, is_active=True).first()
    if occupation is None:
        raise UnknownOccupation
    return occupation


def _integers(values: Iterable) -> set[int]:
    try:
        return {int(value) for value in values}
    except (TypeError, ValueError):
        raise InvalidChoice from None


@transaction.atomic
def choose_centres(*, user: User, codes: Iterable[int | str]) -> frozenset[int]:
    """Replace the centres d'intérêt the person picked (all valid, or nothing changes)."""
    _check_person(user)
    wanted = _integers(codes)
    centres = {centre.code: centre for centre in CentreInteret.objects.filter(code__in=wanted)}
    if set(centres) != wanted:
        raise InvalidChoice(_("Choisissez parmi les centres d'intérêt proposés."))
    CentreChoice.objects.filter(user=user).exclude(centre__code__in=wanted).delete()
    have = set(CentreChoice.objects.filter(user=user).values_list("centre__code", flat=True))
    CentreChoice.objects.bulk_create(CentreChoice(user=user, centre=centres[code]) for code in sorted(wanted - have))
    return frozenset(wanted)


@transaction.atomic
def confirm_skills(*, user: User, codes: Iterable[int | str]) -> frozenset[int]:
    """Replace the skills the person confirms, chosen among the core skills of their past jobs."""
    _check_person(user)
    wanted = _integers(codes)
    past = [job.code_rome for job in selectors.past_occupations_of(user) if job.code_rome]
    allowed = set(
        OccupationSkill.objects.filter(occupation__code_rome__in=past)
        .exclude(core=CoreLevel.NONE)
        .values_list("skill__code_ogr", flat=True)
    )
    if not wanted <= allowed:
        raise InvalidChoice(_("Choisissez parmi les compétences de vos emplois passés."))
    skills = dict(Skill.objects.filter(code_ogr__in=wanted).values_list("code_ogr", "pk"))
    ConfirmedSkill.objects.filter(user=user).exclude(skill__code_ogr__in=wanted).delete()
    have = set(ConfirmedSkill.objects.filter(user=user).values_list("skill__code_ogr", flat=True))
    ConfirmedSkill.objects.bulk_create(
        ConfirmedSkill(user=user, skill_id=skills[code]) for code in sorted(wanted - have)
    )
    return frozenset(wanted)


@transaction.atomic
def react(
    *,
    user: User,
    code_rome: str,
    kind: str,
    path: str = PathKind.OCCUPATION,
    rank: int | None = None,
    score: float | None = None,
    version: str = "",
) -> Reaction:
    """Record (or change) the person's reaction to a suggestion, with its rank and score at that moment."""
    _check_person(user)
    if kind not in Reaction.Kind.values or path not in PathKind.values:
        raise InvalidChoice
    occupation = _occupation(code_rome)
    reaction, _created = Reaction.objects.update_or_create(
        user=user,
        occupation=occupation,
        defaults={
            "kind": kind,
            "path": path,
            "rank": rank if rank and 0 < rank < 32768 else None,
            "score": score,
            "version": version[:120],
        },
    )
    return reaction


@transaction.atomic
def undo_reaction(*, user: User, code_rome: str) -> bool:
    """Take a reaction back: the list is ranked again as if the person had never reacted to this occupation."""
    _check_person(user)
    deleted, _details = Reaction.objects.filter(user=user, occupation__code_rome=str(code_rome).upper()).delete()
    return bool(deleted)


@transaction.atomic
def add_to_shortlist(*, user: User, code_rome: str, path: str = PathKind.OCCUPATION) -> ShortlistItem:
    """Keep an occupation for the project (adding it twice changes only the kind of path)."""
    _check_person(user)
    if path not in PathKind.values:
        raise InvalidChoice
    occupation = _occupation(code_rome)
    item, _created = ShortlistItem.objects.update_or_create(user=user, occupation=occupation, defaults={"path": path})
    return item


@transaction.atomic
def remove_from_shortlist(*, user: User, code_rome: str) -> bool:
    _check_person(user)
    deleted, _details = ShortlistItem.objects.filter(user=user, occupation__code_rome=str(code_rome).upper()).delete()
    return bool(deleted)


@transaction.atomic
def set_local_demand(*, user: User, enabled: bool) -> SuggestionSettings:
    """Turn on or off the hiring demand near the person as a factor of their suggestions (their choice alone)."""
    _check_person(user)
    if not isinstance(enabled, bool):
        raise InvalidChoice
    found, _created = SuggestionSettings.objects.update_or_create(user=user, defaults={"local_demand": enabled})
    return found
