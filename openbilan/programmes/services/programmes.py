"""Programmes: created and edited by their operator's admin, their journey template, their inactivity delay."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from openbilan.accounts.models import Organisation, Role, User
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import (
    Programme,
)
from openbilan.programmes.selectors import programmes_operated_by

# --- Programmes ---------------------------------------------------------------------------------------------------


@transaction.atomic
def upsert_programme(
    *,
    slug: str,
    name: str,
    operator: Organisation,
    funder: Organisation,
    prescribers: Iterable[Organisation] = (),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    capacity: int | None = None,
) -> Programme:
    """Create a programme, or update the one with this slug (safe to run twice)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise NotAllowed(_("La date de fin doit être après la date de début."))
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
def save_programme(
    *,
    actor: User,
    programme: Programme | None = None,
    operator: Organisation | None = None,
    prescribers: Iterable[Organisation] = (),
    **fields,
) -> Programme:
    """An operator admin creates or edits a programme of their operator: name, funder, dates, capacity, prescriber
    organisations, journey template, inactivity threshold, second reviewer."""
    allowed = {
        "slug",
        "name",
        "funder",
        "starts_on",
        "ends_on",
        "capacity",
        "inactivity_days",
        "second_reviewer",
        "journey_template",
    }
    if set(fields) - allowed:
        raise TypeError(f"unknown programme fields: {sorted(set(fields) - allowed)}")
    operators = Organisation.objects.filter(
        kind=Organisation.Kind.OPERATOR,
        memberships__user=actor,
        memberships__role=Role.OPERATOR_ADMIN,
        memberships__is_active=True,
    )
    if programme is None:
        operator = operator or operators.first()
        if operator is None or not operators.filter(pk=operator.pk).exists():
            raise NotAllowed()
        programme = Programme(operator=operator)
    elif not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    if fields.get("funder") is not None and fields["funder"].kind != Organisation.Kind.FUNDER:
        raise NotAllowed(_("Le financeur doit être une organisation de type financeur."))
    _check_template(programme, fields.get("journey_template"))
    starts_on, ends_on = fields.get("starts_on", programme.starts_on), fields.get("ends_on", programme.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise NotAllowed(_("La date de fin doit être après la date de début."))
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.save()
    prescribers = list(prescribers)
    if any(org.kind != Organisation.Kind.PRESCRIBER for org in prescribers):
        raise NotAllowed(_("Seules des organisations prescriptrices peuvent orienter vers un programme."))
    programme.prescribers.set(prescribers)
    return programme


def _check_template(programme: Programme, template) -> None:
    """A programme runs the reference journey template or one of its own operator's."""
    if template is not None and template.operator_id not in (None, programme.operator_id):
        raise NotAllowed(_("Ce modèle de parcours appartient à un autre opérateur."))


@transaction.atomic
def set_journey_template(*, programme: Programme, template, actor: User) -> Programme:
    """Choose the journey template of a programme: the reference one, or one of the operator's own templates.
    Journeys already started keep the template they started with. The same checks as `save_programme`."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    _check_template(programme, template)
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
