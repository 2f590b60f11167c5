"""Activities the platform ticks: an event another domain reports marks one activity without a tool as done."""

import datetime

import pytest
from django.utils import timezone

from openbilan.enrolments import services as enrolment_services
from openbilan.journeys import selectors, services
from openbilan.journeys.models import Activity, ActivityProgress, Journey
from openbilan.journeys.services import PlatformEvent
from tests.journeys.factories import held_interview, invited, started_journey

EVENT_SLUGS = [
    (PlatformEvent.MEETING_HELD, "enquetes-metier"),
    (PlatformEvent.PROJECT_SUBMITTED, "choisir-projet"),
    (PlatformEvent.PROJECT_VALIDATED, "plan-action"),
    (PlatformEvent.SYNTHESIS_RECEIVED, "synthese"),
    (PlatformEvent.EVALUATION_ANSWERED, "evaluation-fin"),
    (PlatformEvent.SUGGESTIONS_READ, "pistes-proposees"),
]


def done_slugs(journey: Journey) -> list[str]:
    return sorted(
        ActivityProgress.objects.filter(journey=journey, state="done").values_list("activity__slug", flat=True)
    )


def activity(journey: Journey, slug: str) -> Activity:
    return Activity.objects.get(template=journey.template_id, slug=slug)


@pytest.mark.parametrize(("event", "slug"), EVENT_SLUGS)
def test_each_event_ticks_its_activity_as_the_system_at_the_time_it_happened(db, event, slug):
    journey = started_journey(phase="conclusions")
    before = set(done_slugs(journey))
    at = timezone.now() - datetime.timedelta(hours=2)
    progress = services.record_platform_event(enrolment=journey.enrolment, event=event, at=at)
    assert progress.activity.slug == slug
    assert (progress.state, progress.by, progress.done_at) == ("done", None, at)
    assert set(done_slugs(journey)) - before == {slug}


@pytest.mark.parametrize(("event", "slug"), EVENT_SLUGS)
def test_the_same_event_again_ticks_nothing_more(db, event, slug):
    journey = started_journey(phase="conclusions")
    first = services.record_platform_event(enrolment=journey.enrolment, event=event)
    rows = ActivityProgress.objects.filter(journey=journey).count()
    assert services.record_platform_event(enrolment=journey.enrolment, event=event) is None
    assert ActivityProgress.objects.filter(journey=journey).count() == rows
    first.refresh_from_db()
    assert first.state == "done"


def test_a_second_submission_does_not_tick_the_action_plan(db):
    journey = started_journey(phase="conclusions")
    for _ in range(2):  # submitted, changes requested, submitted again
        services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.PROJECT_SUBMITTED)
    assert "choisir-projet" in done_slugs(journey)
    assert "plan-action" not in done_slugs(journey)


def test_the_validation_ticks_the_action_plan_even_before_the_conclusions_phase_opens(db):
    journey = started_journey(phase="investigation")
    services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.PROJECT_VALIDATED)
    assert "plan-action" in done_slugs(journey)


def test_a_template_with_a_single_project_step_has_it_ticked_by_the_validation(db):
    journey = started_journey(phase="conclusions")
    Activity.objects.filter(template=journey.template_id, slug="plan-action").update(is_active=False)
    services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.PROJECT_VALIDATED)
    assert "choisir-projet" in done_slugs(journey)


def test_an_activity_the_coach_took_out_is_never_ticked(db):
    journey = started_journey(phase="conclusions")
    services.skip_activity(
        journey=journey, activity=activity(journey, "synthese"), actor=journey.enrolment.coach, reason="Hors champ."
    )
    assert services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.SYNTHESIS_RECEIVED) is None
    assert ActivityProgress.objects.get(journey=journey, activity__slug="synthese").state == "skipped"


def test_a_started_activity_becomes_done(db):
    journey = started_journey(phase="investigation")
    ActivityProgress.objects.create(journey=journey, activity=activity(journey, "enquetes-metier"), state="started")
    services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.MEETING_HELD)
    assert ActivityProgress.objects.get(journey=journey, activity__slug="enquetes-metier").state == "done"


def test_two_field_work_activities_are_ticked_one_meeting_at_a_time(db):
    journey = started_journey(phase="investigation")
    first = activity(journey, "enquetes-metier")
    Activity.objects.create(
        template=journey.template,
        module=first.module,
        slug="enquetes-metier-2",
        order=first.order + 50,
        kind="field_work",
        expected_week=8,
        title_fr="Une deuxième rencontre",
    )
    for _ in range(3):
        services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.MEETING_HELD)
    assert [s for s in done_slugs(journey) if s.startswith("enquetes")] == ["enquetes-metier", "enquetes-metier-2"]


def test_nothing_happens_without_a_journey(db):
    enrolment = invited()
    assert services.record_platform_event(enrolment=enrolment, event=PlatformEvent.MEETING_HELD) is None
    assert not ActivityProgress.objects.exists()


def test_nothing_happens_when_the_template_has_no_such_activity(db):
    journey = started_journey()
    Activity.objects.filter(template=journey.template_id, kind="evaluation").update(is_active=False)
    assert services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.EVALUATION_ANSWERED) is None


def test_an_unexpected_error_is_logged_and_does_not_fail_the_caller(db, monkeypatch, caplog):
    journey = started_journey()

    def broken(*args):
        Journey.objects.create(enrolment=journey.enrolment, template=journey.template)  # an IntegrityError
        raise AssertionError("not reached")

    monkeypatch.setattr(services.activities, "_tick_for_event", broken)  # where record_platform_event finds it
    assert services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.MEETING_HELD) is None
    assert "could not tick" in caplog.text
    assert Journey.objects.filter(enrolment=journey.enrolment).count() == 1  # the caller's transaction still works


def test_the_persons_next_step_moves_on(db):
    journey = started_journey(phase="investigation")
    ordered = list(
        Activity.objects.filter(template=journey.template_id, is_active=True).order_by(
            "module__phase__order", "module__order", "order"
        )
    )
    index = next(i for i, a in enumerate(ordered) if a.slug == "enquetes-metier")
    for earlier in ordered[:index]:
        ActivityProgress.objects.update_or_create(journey=journey, activity=earlier, defaults={"state": "done"})
    assert selectors.summary_for(journey).next_activity.slug == "enquetes-metier"
    services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.MEETING_HELD)
    overview = selectors.summary_for(journey)
    assert overview.next_activity.slug == "choisir-projet"
    investigation = next(p for p in overview.summary.phases if p.phase == "investigation")
    assert investigation.done == (index - 2) + 1  # the earlier ones (less the two preliminary), and this one


def test_for_a_person_the_event_goes_to_their_bilan_in_progress(db):
    journey = started_journey(phase="investigation")
    person = journey.enrolment.beneficiary
    progress = services.record_platform_event_for_person(person=person, event=PlatformEvent.MEETING_HELD)
    assert progress.journey == journey


def test_for_a_person_without_a_bilan_in_progress_nothing_happens(db):
    journey = started_journey(phase="conclusions")
    enrolment_services.change_status(enrolment=journey.enrolment, action="complete", actor=journey.enrolment.coach)
    person = journey.enrolment.beneficiary
    assert services.record_platform_event_for_person(person=person, event=PlatformEvent.MEETING_HELD) is None


def test_each_interview_completes_the_next_appointment_activity_not_the_first_again(db):
    journey = started_journey(phase="conclusions")  # one interview held in the investigation
    held_interview(journey)
    held_interview(journey)
    assert {"entretien-decouvertes", "entretien-projet", "entretien-conclusions"} <= set(done_slugs(journey))


def test_reading_the_suggestions_ticks_only_the_activity_run_by_that_tool(db):
    journey = started_journey(phase="investigation")
    services.record_platform_event(enrolment=journey.enrolment, event=PlatformEvent.SUGGESTIONS_READ)
    assert "pistes-proposees" in done_slugs(journey)
    assert "explorer-metiers" not in done_slugs(journey)  # the same kind, but not this tool


def test_the_person_cannot_tick_the_suggestions_by_hand(db):
    journey = started_journey(phase="investigation")
    with pytest.raises(services.NotAllowed):
        services.mark_activity_done(
            journey=journey, activity=activity(journey, "pistes-proposees"), actor=journey.enrolment.beneficiary
        )
