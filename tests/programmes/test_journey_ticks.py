"""Answering the end-of-bilan evaluation survey ticks the journey's "evaluation-fin" activity; follow-ups do not."""

from django.utils import timezone

from openbilan.enrolments import services as enrolment_services
from openbilan.journeys.models import ActivityProgress
from openbilan.programmes import services
from openbilan.programmes.models import Survey
from tests.journeys.factories import started_journey
from tests.programmes.factories import EnrolmentFactory

EVALUATION = {"knows_self_better": 4, "satisfaction": 5, "recommend": 9}


def completed_journey():
    journey = started_journey(phase="conclusions")
    enrolment_services.change_status(enrolment=journey.enrolment, action="complete", actor=journey.enrolment.coach)
    return journey


def evaluation_done(journey):
    return ActivityProgress.objects.filter(journey=journey, activity__slug="evaluation-fin", state="done")


def test_the_end_survey_answered_ticks_the_end_evaluation_as_the_system(db):
    journey = completed_journey()
    survey = Survey.objects.create(enrolment=journey.enrolment, kind="end", due_on=timezone.localdate())
    services.answer_survey(survey=survey, evaluation=EVALUATION)
    survey.refresh_from_db()
    progress = evaluation_done(journey).get()
    assert (progress.by, progress.done_at) == (None, survey.answered_at)


def test_a_follow_up_survey_does_not_tick_it(db):
    journey = completed_journey()
    survey = Survey.objects.create(enrolment=journey.enrolment, kind="6m", due_on=timezone.localdate())
    services.answer_survey(survey=survey, evaluation=EVALUATION, outcome={"kind": "training"})
    assert not evaluation_done(journey).exists()


def test_the_end_survey_of_a_bilan_without_journey_is_still_recorded(db):
    enrolment = EnrolmentFactory(completed=True, completed_at=timezone.now())
    survey = Survey.objects.create(enrolment=enrolment, kind="end", due_on=timezone.localdate())
    assert services.answer_survey(survey=survey, evaluation=EVALUATION).state == "answered"
    assert not ActivityProgress.objects.exists()
