"""What a prescriber may see of their referrals: the person and the date always; the status and the outcome only
when the person accepted the bilan and chose to share them (never anything of the bilan itself)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from openbilan.enrolments.models import EnrolmentStatus, OutcomeKind
from openbilan.programmes.selectors import shares_with_prescriber

NOT_SHARED = _("Non partagé par la personne")


@dataclass(frozen=True)
class FollowUpRow:
    name: str
    programme: str
    referred_on: object
    shared: bool
    status: str
    outcome: str


def follow_up_rows(enrolments, pending=(), limit: int | None = None) -> list[FollowUpRow]:
    """The prescriber's referrals, newest first. A referral the operator still checks (the address or the name
    is known) reads exactly like one whose person was just invited: the page never tells whether someone already
    has an account (issue 16, finding 5)."""
    rows = [
        FollowUpRow(
            name=f"{referral.first_name} {referral.last_name}".strip() or referral.email,
            programme=referral.programme.name,
            referred_on=referral.created_at.date(),
            shared=False,
            status=str(NOT_SHARED),
            outcome="",
        )
        for referral in pending
    ]
    for enrolment in enrolments:
        shared = shares_with_prescriber(enrolment)
        status = str(EnrolmentStatus(enrolment.status).label) if shared else str(NOT_SHARED)
        outcome = ""
        if shared and enrolment.outcome:
            outcome = str(OutcomeKind(enrolment.outcome).label)
        rows.append(
            FollowUpRow(
                name=enrolment.beneficiary.get_full_name() or enrolment.beneficiary.email,
                programme=enrolment.programme.name,
                referred_on=enrolment.referred_on or enrolment.created_at.date(),
                shared=shared,
                status=status,
                outcome=outcome,
            )
        )
    rows.sort(key=lambda row: row.referred_on, reverse=True)
    return rows[:limit] if limit else rows
