"""The journeys part of the demo: one beneficiary well into the investigation, the other at the very start."""

from openbilan.demo import load_demo
from openbilan.enrolments.models import Transition
from openbilan.journeys.models import DriverEntry, Journey, NeedsAnalysis, TimelineEntry


def test_the_demo_beneficiary_is_in_the_investigation_with_some_writing(db):
    context = load_demo()
    journey = Journey.objects.get(enrolment__beneficiary=context.users["beneficiary"])
    assert journey.phase == "investigation"
    assert NeedsAnalysis.objects.get(journey=journey).confirmed_at is not None
    assert TimelineEntry.objects.filter(journey=journey).count() == 3
    assert DriverEntry.objects.filter(journey=journey).exists()


def test_the_second_demo_beneficiary_is_at_the_start(db):
    context = load_demo()
    journey = Journey.objects.get(enrolment__beneficiary=context.users["beneficiary2"])
    assert journey.phase == "preliminary"
    assert not NeedsAnalysis.objects.filter(journey=journey).exists()


def test_loading_the_demo_twice_adds_no_journey_data(db):
    load_demo()
    counts = [m.objects.count() for m in (Journey, Transition, TimelineEntry, DriverEntry, NeedsAnalysis)]
    load_demo()
    assert [m.objects.count() for m in (Journey, Transition, TimelineEntry, DriverEntry, NeedsAnalysis)] == counts
