"""Reads of the privacy domain."""

from dataclasses import dataclass

from django.db.models import QuerySet

from openbilan.accounts.models import User
from openbilan.privacy.models import AccessLog, Consent, Purpose


def accesses_to(subject: User) -> QuerySet[AccessLog]:
    """Who opened this person's data, newest first: the person sees this on their privacy page."""
    return AccessLog.objects.filter(subject=subject).select_related("actor")


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    label: str
    granted: bool | None  # None: never decided
    at: object  # datetime of the latest decision, or None


def consent_ledger(person: User) -> QuerySet[Consent]:
    """Every decision the person made, newest first (the dated history shown on their page)."""
    return Consent.objects.filter(person=person)


# The purposes the person decides on their privacy page: each one is enforced where its data is read
# (docs/PRIVACY.md, "What each choice opens"). `bilan` is the written acceptance of the invitation (L6313-4),
# recorded on the enrolment and withdrawn by stopping the bilan; `research` has no processing behind it but the
# platform's own questionnaire norms, which it governs. Neither is offered as a switch that would do nothing.
SHOWN_PURPOSES = (
    Purpose.COACH_SHARING,
    Purpose.PRESCRIBER_INFO,
    Purpose.FUNDER_AGGREGATES,
    Purpose.RESEARCH,
    Purpose.TESTIMONIAL_PUBLICATION,
    Purpose.KEEP_DOCUMENTS,
)


def consents_of(person: User) -> list[ConsentState]:
    """The current state of each purpose shown to the person: the latest decision wins (one query)."""
    latest: dict[str, Consent] = {}
    for entry in Consent.objects.filter(person=person).order_by("at", "pk"):
        latest[entry.purpose] = entry
    return [
        ConsentState(
            purpose=value,
            label=label,
            granted=latest[value].granted if value in latest else None,
            at=latest[value].at if value in latest else None,
        )
        for value, label in Purpose.choices
        if value in SHOWN_PURPOSES
    ]


def has_granted(person: User, purpose: str) -> bool:
    latest = Consent.objects.filter(person=person, purpose=purpose).order_by("-at", "-pk").first()
    return latest is not None and latest.granted


def keeps_documents(person: User) -> bool:
    return has_granted(person, Purpose.KEEP_DOCUMENTS)
