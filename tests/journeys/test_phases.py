"""The law's three phases: gates, refusals, the interview hook, and activities of locked phases."""

import datetime

import pytest
from django.utils import timezone

from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.errors import TransitionRefused
from openbilan.enrolments.models import Transition
from openbilan.journeys import services
from openbilan.journeys.errors import ActivityLocked, NotAllowed
from openbilan.journeys.models import Activity, ActivityProgress, Interview, NeedsAnalysis
from tests.accounts.factories import coach
from tests.journeys.factories import held_interview, record_needs, started_journey


def refusal(**kwargs):
    with pytest.raises(TransitionRefused) as refused:
        services.open_phase(**kwargs)
    return refused.value.code


def test_skipping_from_preliminary_to_conclusions_is_refused_with_a_clear_message(db):
    journey = started_journey()
    with pytest.raises(TransitionRefused) as refused:
        services.open_phase(journey=journey, target="conclusions", actor=journey.enrolment.beneficiary)
    assert refused.value.code == "phase_skip"
    assert "sauter une phase" in refused.value.messages[0]
    journey.refresh_from_db()
    assert journey.phase == "preliminary"


def test_investigation_stays_closed_without_the_needs_analysis(db):
    journey = started_journey()
    assert refusal(journey=journey, target="investigation", actor=journey.enrolment.beneficiary) == "needs_missing"


def test_investigation_stays_closed_until_the_coach_confirms(db):
    journey = started_journey()
    record_needs(journey, confirm=False)
    assert refusal(journey=journey, target="investigation", actor=journey.enrolment.coach) == "needs_unconfirmed"


def test_investigation_opens_once_confirmed_and_the_change_is_recorded(db):
    journey = started_journey()
    record_needs(journey)
    journey = services.open_phase(journey=journey, target="investigation", actor=journey.enrolment.beneficiary)
    assert journey.phase == "investigation" and journey.investigation_opened_at is not None
    change = Transition.objects.get(kind="phase", to_state="investigation")
    assert (change.from_state, change.actor) == ("preliminary", journey.enrolment.beneficiary)


def test_conclusions_need_an_interview_held_during_the_investigation(db):
    journey = started_journey()
    held_interview(journey)  # in the preliminary phase: the first meeting does not count
    record_needs(journey)
    journey = services.open_phase(journey=journey, target="investigation", actor=journey.enrolment.coach)
    assert refusal(journey=journey, target="conclusions", actor=journey.enrolment.coach) == "interview_missing"
    held_interview(journey)
    journey = services.open_phase(journey=journey, target="conclusions", actor=journey.enrolment.coach)
    assert journey.phase == "conclusions"


def test_a_paused_bilan_does_not_change_phase(db):
    journey = started_journey()
    record_needs(journey)
    enrolment_services.change_status(
        enrolment=journey.enrolment, action="pause", actor=journey.enrolment.coach, note="x"
    )
    assert refusal(journey=journey, target="investigation", actor=journey.enrolment.coach) == "phase_not_active"


def test_the_needs_analysis_is_confirmed_by_the_coach_only(db):
    journey = started_journey()
    record_needs(journey, confirm=False)
    with pytest.raises(NotAllowed):
        services.confirm_needs_analysis(journey=journey, actor=journey.enrolment.beneficiary)
    with pytest.raises(NotAllowed):
        services.confirm_needs_analysis(journey=journey, actor=coach())


def test_an_incomplete_needs_analysis_cannot_be_confirmed(db):
    journey = started_journey()
    services.save_entry(
        journey=journey, model=NeedsAnalysis, version=0, values={"needs": "Changer"}, actor=journey.enrolment.coach
    )
    with pytest.raises(TransitionRefused):
        services.confirm_needs_analysis(journey=journey, actor=journey.enrolment.coach)


def test_a_confirmed_needs_analysis_no_longer_changes(db):
    journey = started_journey()
    needs = record_needs(journey)
    with pytest.raises(NotAllowed):
        services.save_entry(
            journey=journey,
            model=NeedsAnalysis,
            version=needs.version,
            values={"needs": "Autre chose"},
            actor=journey.enrolment.beneficiary,
        )


def test_confirming_completes_the_needs_activity(db):
    journey = started_journey()
    record_needs(journey)
    assert ActivityProgress.objects.filter(journey=journey, activity__tool="needs_analysis", state="done").exists()


def test_an_interview_from_an_appointment_is_recorded_once(db):
    journey = started_journey()
    first = held_interview(journey, source="appointment", source_ref="rdv-42")
    again = held_interview(journey, source="appointment", source_ref="rdv-42")
    assert first.pk == again.pk
    assert Interview.objects.count() == 1


def test_only_the_coach_records_an_interview_that_took_place(db):
    journey = started_journey()
    with pytest.raises(NotAllowed):
        services.record_interview(
            journey=journey, held_at=timezone.now(), mode="phone", recorded_by=journey.enrolment.beneficiary
        )
    with pytest.raises(NotAllowed):
        held_interview(journey, at=timezone.now() + datetime.timedelta(days=2))
    assert not Interview.objects.exists()


def test_an_interview_completes_the_next_open_appointment_activity(db):
    journey = started_journey(phase="investigation")
    held_interview(journey)
    done = ActivityProgress.objects.filter(journey=journey, activity__tool="interview", state="done")
    assert list(done.values_list("activity__slug", flat=True)) == ["entretien-decouvertes"]


def test_an_activity_of_a_locked_phase_is_refused(db):
    journey = started_journey()
    later = Activity.objects.get(template=journey.template, slug="plan-action")
    with pytest.raises(ActivityLocked) as locked:
        services.mark_activity_done(journey=journey, activity=later, actor=journey.enrolment.beneficiary)
    assert "Phase de conclusions" in locked.value.messages[0]


def test_the_person_marks_a_plain_activity_done(db):
    journey = started_journey(phase="investigation")
    explore = Activity.objects.get(template=journey.template, slug="explorer-metiers")
    services.mark_activity_done(journey=journey, activity=explore, actor=journey.enrolment.beneficiary)
    assert ActivityProgress.objects.get(journey=journey, activity=explore).state == "done"


def test_tool_activities_are_not_marked_done_by_hand(db):
    journey = started_journey(phase="investigation")
    questionnaire = Activity.objects.get(template=journey.template, slug="questionnaire-interets")
    with pytest.raises(NotAllowed):
        services.mark_activity_done(journey=journey, activity=questionnaire, actor=journey.enrolment.beneficiary)


def test_the_coach_adapts_the_journey_with_a_reason(db):
    journey = started_journey(phase="investigation")
    field_work = Activity.objects.get(template=journey.template, slug="enquetes-metier")
    with pytest.raises(NotAllowed):
        services.skip_activity(journey=journey, activity=field_work, actor=journey.enrolment.coach, reason=" ")
    progress = services.skip_activity(
        journey=journey, activity=field_work, actor=journey.enrolment.coach, reason="Déjà fait en PMSMP"
    )
    assert (progress.state, progress.note) == ("skipped", "Déjà fait en PMSMP")
