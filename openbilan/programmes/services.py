"""Every write to programmes and enrolments goes through these functions."""

import datetime

from django.db import transaction

from openbilan.accounts.models import Organisation, User
from openbilan.journeys import services as journeys
from openbilan.programmes.models import Enrolment, Programme
from openbilan.programmes.selectors import programmes_operated_by


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


def enrol_with_consent(
    *,
    programme: Programme,
    beneficiary: User,
    coach: User | None = None,
    prescriber: Organisation | None = None,
    consented_at: datetime.datetime | None = None,
) -> Enrolment:
    """Record a person's enrolment after their own explicit acceptance (L6313-4), timestamped.

    The enrolment's lifecycle (its status machine and the record of every change) belongs to the journeys domain;
    this name stays for the demo and scripts and hands over to it."""
    return journeys.enrol_with_consent(
        programme=programme, beneficiary=beneficiary, coach=coach, prescriber=prescriber, consented_at=consented_at
    )


class TemplateNotAllowed(PermissionError):
    pass


@transaction.atomic
def set_journey_template(*, programme: Programme, template, actor: User) -> Programme:
    """Choose the journey template of a programme: the reference one, or one of the operator's own templates.
    Journeys already started keep the template they started with."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise TemplateNotAllowed("Only an admin of the programme's operator may choose its template.")
    if template is not None and template.operator_id not in (None, programme.operator_id):
        raise TemplateNotAllowed("This template belongs to another operator.")
    programme.journey_template = template
    programme.save(update_fields=["journey_template"])
    return programme


@transaction.atomic
def set_inactivity_days(*, programme: Programme, days: int) -> Programme:
    """How many days without activity before a reminder is sent, for this programme (1 to 365)."""
    if not 1 <= days <= 365:
        raise ValueError("inactivity_days must be between 1 and 365")
    programme.inactivity_days = days
    programme.save(update_fields=["inactivity_days"])
    return programme
