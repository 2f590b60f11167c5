"""Every write to programmes and enrolments goes through these functions."""

import datetime

from django.db import transaction
from django.utils import timezone

from openbilan.accounts.models import Organisation, User
from openbilan.programmes.models import Enrolment, EnrolmentStatus, Programme


@transaction.atomic
def upsert_programme(
    *,
    slug: str,
    name: str,
    operator: Organisation,
    funder: Organisation,
    prescribers: list[Organisation] = (),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    capacity: int | None = None,
) -> Programme:
    """Create a programme, or update the one with this slug (safe to run twice)."""
    programme, _created = Programme.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "operator": operator,
            "funder": funder,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "capacity": capacity,
        },
    )
    programme.prescribers.add(*prescribers)
    return programme


@transaction.atomic
def enrol_with_consent(
    *,
    programme: Programme,
    beneficiary: User,
    coach: User | None = None,
    prescriber: Organisation | None = None,
    consented_at: datetime.datetime | None = None,
) -> Enrolment:
    """Record a person's enrolment after their own explicit acceptance (L6313-4), timestamped."""
    enrolment, _created = Enrolment.objects.get_or_create(
        programme=programme,
        beneficiary=beneficiary,
        defaults={"coach": coach, "prescriber": prescriber},
    )
    if enrolment.consented_at is None:
        enrolment.consented_at = consented_at or timezone.now()
        enrolment.status = EnrolmentStatus.ACTIVE
    enrolment.coach = coach or enrolment.coach
    enrolment.prescriber = prescriber or enrolment.prescriber
    enrolment.save()
    return enrolment
