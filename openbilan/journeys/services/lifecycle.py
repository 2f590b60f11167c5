"""The journey's side of the enrolment's lifecycle: the journey starts when the person accepts (enrolments.hooks),
its phases open behind their gates, and the inactivity clock follows what the person does."""

import datetime

from django.db import transaction
from django.utils import timezone

from openbilan import bulk
from openbilan.accounts.models import User
from openbilan.enrolments import services as enrolments
from openbilan.enrolments.models import Enrolment, Transition
from openbilan.enrolments.services import actor_of
from openbilan.journeys import machine, selectors
from openbilan.journeys.errors import PhaseRefused
from openbilan.journeys.machine import Phase
from openbilan.journeys.models import (
    Journey,
    JourneyTemplate,
)
from openbilan.journeys.services.templates import default_template


def _template_for(programme) -> JourneyTemplate:
    return programme.journey_template or default_template()


@transaction.atomic
def ensure_journey(enrolment: Enrolment) -> Journey | None:
    """The journey of an enrolment that has started (consent given); None while the person is only invited."""
    if enrolment.consented_at is None:
        return None
    journey = Journey.objects.filter(enrolment=enrolment).first()
    if journey is not None:
        return journey
    started = enrolment.consented_at
    journey, _created = Journey.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "template": _template_for(enrolment.programme),
            "started_at": started,
            "last_activity_at": started,
        },
    )
    return journey


def start_journey(*, enrolment: Enrolment, actor: User, at: datetime.datetime, **kwargs) -> None:
    """`enrolments.hooks.accepted`: the person accepted, their journey starts in its preliminary phase."""
    ensure_journey(enrolment)
    enrolments.record_transition(
        enrolment, kind=Transition.Kind.PHASE, from_state="", to_state=Phase.PRELIMINARY, actor=actor, at=at
    )


def start_journeys_in_bulk(*, enrolments: list[Enrolment], new: bool = False, **kwargs) -> None:
    """`enrolments.hooks.started_in_bulk`: consented enrolments need their journey (the journey pages expect one):
    created in bulk, started on the day of the consent; the inactivity clock starts now, so that nobody gets a
    reminder for time spent elsewhere."""
    if not enrolments:
        return
    has_journey = (
        set()
        if new
        else set(
            Journey.objects.filter(enrolment__in=[e.pk for e in enrolments]).values_list("enrolment_id", flat=True)
        )
    )
    templates = {}
    now = timezone.now()
    rows = []
    for enrolment in enrolments:
        if enrolment.pk in has_journey:
            continue
        programme_id = enrolment.programme_id
        if programme_id not in templates:
            chosen = JourneyTemplate.objects.filter(programmes=programme_id).first()
            templates[programme_id] = (chosen or default_template()).pk
        rows.append((enrolment.pk, templates[programme_id], enrolment.consented_at, now, now))
    bulk.insert_values(Journey, ("enrolment_id", "template_id", "started_at", "last_activity_at", "created_at"), rows)


def follow_status_change(*, enrolment: Enrolment, actor: User | None, at: datetime.datetime, **kwargs) -> None:
    """`enrolments.hooks.status_changed`: a pause or a resumption asked by the person restarts the inactivity clock."""
    if actor is not None and actor.pk == enrolment.beneficiary_id:
        record_outside_activity(enrolment=enrolment, at=at)


def current_phase(enrolment: Enrolment) -> str | None:
    """The reader `enrolments.hooks.current_phase` asks: the journey's phase, None without a journey."""
    return Journey.objects.filter(enrolment=enrolment).values_list("phase", flat=True).first()


@transaction.atomic
def open_phase(*, journey: Journey, target: str, actor: User, note: str = "") -> Journey:
    """Open the next phase, behind its gate. Skipping a phase is refused (R6313-4)."""
    journey = Journey.objects.select_for_update().select_related("enrolment").get(pk=journey.pk)
    decision = machine.decide_phase(selectors.phase_facts(journey, actor_of(journey.enrolment, actor)), target)
    if isinstance(decision, machine.Refusal):
        raise PhaseRefused(decision.code)
    now = timezone.now()
    previous = journey.phase
    journey.phase = decision
    if decision == Phase.INVESTIGATION:
        journey.investigation_opened_at = now
    elif decision == Phase.CONCLUSIONS:
        journey.conclusions_opened_at = now
    journey.last_activity_at = now if actor.pk == journey.enrolment.beneficiary_id else journey.last_activity_at
    journey.save()
    enrolments.record_transition(
        journey.enrolment,
        kind=Transition.Kind.PHASE,
        from_state=previous,
        to_state=decision,
        actor=actor,
        at=now,
        note=note,
    )
    return journey


def _touch(journey: Journey, at: datetime.datetime | None = None) -> None:
    """The person did something: the inactivity clock starts again."""
    at = at or timezone.now()
    Journey.objects.filter(pk=journey.pk, last_activity_at__lt=at).update(last_activity_at=at)
    journey.last_activity_at = max(journey.last_activity_at, at)


def record_outside_activity(*, enrolment: Enrolment, at: datetime.datetime | None = None) -> None:
    """The person did something outside the journey pages (wrote to their coach): the inactivity clock starts again."""
    at = at or timezone.now()
    Journey.objects.filter(enrolment=enrolment, last_activity_at__lt=at).update(last_activity_at=at)
