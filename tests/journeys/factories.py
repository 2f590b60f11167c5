"""Journeys in a known state, built through the services (so every test also exercises the real rules)."""

import datetime

from django.utils import timezone

from openbilan.enrolments import services as enrolment_services
from openbilan.journeys import services
from openbilan.journeys.models import Journey, NeedsAnalysis
from tests.programmes.factories import EnrolmentFactory

NEEDS = {"needs": "Changer de métier.", "objectives": "Deux pistes réalistes.", "arrangements": "Visio le mardi."}


def invited(**kwargs):
    return EnrolmentFactory(invited=True, **kwargs)


def record_needs(journey: Journey, *, confirm: bool = True) -> NeedsAnalysis:
    person = journey.enrolment.beneficiary
    needs = services.save_entry(journey=journey, model=NeedsAnalysis, version=0, values=NEEDS, actor=person)
    if confirm:
        needs = services.confirm_needs_analysis(journey=journey, actor=journey.enrolment.coach)
    return needs


def started_journey(*, phase: str = "preliminary", **kwargs) -> Journey:
    """A started journey, moved forward to `phase` the way a real one is: needs confirmed, an interview held."""
    enrolment = invited(**kwargs)
    enrolment_services.accept_invitation(enrolment=enrolment, actor=enrolment.beneficiary, consent=True)
    result = Journey.objects.get(enrolment=enrolment)  # started by journeys on enrolments.hooks.accepted
    if phase in ("investigation", "conclusions"):
        record_needs(result)
        result = services.open_phase(journey=result, target="investigation", actor=enrolment.beneficiary)
    if phase == "conclusions":
        held_interview(result)
        result = services.open_phase(journey=result, target="conclusions", actor=enrolment.coach)
    return result


def held_interview(journey: Journey, *, at: datetime.datetime | None = None, **kwargs):
    return services.record_interview(
        journey=journey,
        held_at=at or timezone.now(),
        mode="video",
        recorded_by=journey.enrolment.coach,
        **kwargs,
    )
