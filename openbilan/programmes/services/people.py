"""A person's details as a referral or a cohort file gives them, and the account they belong to."""

import datetime

from django.utils import timezone

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments.models import Enrolment
from openbilan.programmes import segments

DETAIL_FIELDS = (
    "phone",
    "birth_date",
    "postcode",
    "gender",
    "qualification_level",
    "qpv",
    "zrr",
    "single_parent",
    "social_minima",
    "job_seeker_since",
)
EVALUATION_ANSWERED = "evaluation_answered"  # journeys.services.PlatformEvent


# --- People and their details -------------------------------------------------------------------------------------


def segment_values(details: dict, referred_on: datetime.date) -> dict:
    """The computed segments of a person on the day of their referral."""
    return {
        "age_band": segments.age_band(details.get("birth_date"), referred_on),
        "job_seeker_band": segments.job_seeker_band(details.get("job_seeker_since"), referred_on),
    }


def _apply_details(enrolment: Enrolment, details: dict, referred_on: datetime.date | None) -> list[str]:
    """Set the person's details and computed segments on the enrolment (in memory); the names of changed fields."""
    changed = []
    values = {name: details[name] for name in DETAIL_FIELDS if name in details}
    if referred_on is not None:
        values["referred_on"] = referred_on
    day = values.get("referred_on", enrolment.referred_on) or timezone.localdate()
    merged = {name: values.get(name, getattr(enrolment, name)) for name in ("birth_date", "job_seeker_since")}
    values.update(segment_values(merged, day))
    for name, value in values.items():
        if getattr(enrolment, name) != value:
            setattr(enrolment, name, value)
            changed.append(name)
    return changed


def _person(*, email: str, first_name: str, last_name: str, operator: Organisation) -> User:
    """The person's account (created without a password: they choose one from their invitation link), with the
    beneficiary role in the programme's operator."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    accounts.grant_role(user=user, organisation=operator, role=Role.BENEFICIARY)
    return user
