"""Outcomes at the end and 3, 6, 12 months later; surveys by e-mail with a signed link; evaluations; disability."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from openbilan.programmes import emails, links, services
from openbilan.programmes.errors import InvalidLink, NotAllowed
from openbilan.programmes.models import DisabilityDeclaration, Evaluation, Outcome, Survey
from openbilan.programmes.selectors import disability_of, disability_shared_with
from tests.accounts.factories import beneficiary, coach
from tests.programmes.factories import EnrolmentFactory

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["email"]}}


def completed_on(day: datetime.date, **kwargs):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return EnrolmentFactory(completed=True, completed_at=at, **kwargs)


def test_the_latest_outcome_is_kept_on_the_enrolment_for_the_reports(db):
    enrolment = completed_on(TODAY - datetime.timedelta(days=200))
    services.record_outcome(
        enrolment=enrolment, moment="6m", kind="employed_durable", observed_on=TODAY, source="self_reported"
    )
    services.record_outcome(
        enrolment=enrolment, moment="end", kind="validating_project", observed_on=TODAY, source="import"
    )
    enrolment.refresh_from_db()
    assert enrolment.outcome == "employed_durable"  # 6 months is later than the end, whatever the order recorded


def test_recording_a_moment_again_replaces_it(db):
    enrolment = completed_on(TODAY)
    services.record_outcome(enrolment=enrolment, moment="end", kind="job_seeking", observed_on=TODAY, source="import")
    services.record_outcome(enrolment=enrolment, moment="end", kind="training", observed_on=TODAY, source="import")
    assert list(Outcome.objects.values_list("kind", flat=True)) == ["training"]


def test_an_outcome_is_recorded_only_for_a_completed_bilan(db):
    with pytest.raises(NotAllowed):
        services.record_outcome(
            enrolment=EnrolmentFactory(), moment="end", kind="training", observed_on=TODAY, source="import"
        )


def test_only_the_persons_coach_records_an_outcome_as_coach(db):
    enrolment = completed_on(TODAY)
    with pytest.raises(NotAllowed):
        services.record_outcome(
            enrolment=enrolment, moment="end", kind="training", observed_on=TODAY, source="coach", recorded_by=coach()
        )
    outcome = services.record_outcome(
        enrolment=enrolment,
        moment="end",
        kind="training",
        observed_on=TODAY,
        source="coach",
        recorded_by=enrolment.coach,
    )
    assert outcome.source == "coach"


def test_each_survey_is_decided_once_when_it_is_due(db, immediate_tasks, django_capture_on_commit_callbacks):
    just_finished = completed_on(TODAY - datetime.timedelta(days=1))
    six_months = completed_on(TODAY - datetime.timedelta(days=190))
    long_ago = completed_on(TODAY - datetime.timedelta(days=800))
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.schedule_surveys(today=TODAY)
    assert counts["end"] == 1 and counts["6m"] == 1 and counts["3m"] == 0
    assert set(Survey.objects.values_list("enrolment_id", "kind")) == {(just_finished.pk, "end"), (six_months.pk, "6m")}
    assert not Survey.objects.filter(enrolment=long_ago).exists()  # too late: the moment has passed
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [just_finished.beneficiary.email, six_months.beneficiary.email]
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.schedule_surveys(today=TODAY)
    assert sum(again.values()) == 0 and len(mail.outbox) == 2


def test_a_survey_email_carries_a_link_that_needs_no_sign_in(db):
    enrolment = completed_on(TODAY)
    survey = Survey.objects.create(enrolment=enrolment, kind="end", due_on=TODAY)
    assert emails.deliver_survey(survey_id=survey.pk) == "sent"
    token = mail.outbox[0].body.split("/programmes/enquete/")[1].split("/")[0]
    assert links.survey_from_token(token) == survey
    assert emails.deliver_survey(survey_id=survey.pk) == "sent" and len(mail.outbox) == 1


def test_a_survey_link_for_another_survey_is_refused(db):
    survey = Survey.objects.create(enrolment=completed_on(TODAY), kind="end", due_on=TODAY)
    with pytest.raises(InvalidLink):
        links.survey_from_token(links.survey_token(survey).replace(":", ";", 1))


def test_the_six_month_survey_records_the_outcome_and_the_cold_evaluation(db):
    enrolment = completed_on(TODAY - datetime.timedelta(days=183))
    survey = Survey.objects.create(enrolment=enrolment, kind="6m", due_on=TODAY)
    services.answer_survey(
        survey=survey,
        outcome={"kind": "training"},
        evaluation={
            "knows_self_better": 4,
            "satisfaction": 5,
            "recommend": 9,
            "testimonial": "Merci.",
            "testimonial_publish": True,
        },
    )
    outcome = Outcome.objects.get(enrolment=enrolment)
    assert (outcome.moment, outcome.kind, outcome.source) == ("6m", "training", "self_reported")
    evaluation = Evaluation.objects.get(enrolment=enrolment)
    assert (evaluation.kind, evaluation.satisfaction, evaluation.testimonial_publish) == ("cold", 5, True)
    survey.refresh_from_db()
    assert survey.state == "answered"
    with pytest.raises(NotAllowed):
        services.answer_survey(survey=survey, outcome={"kind": "job_seeking"})


def test_a_testimonial_is_never_published_without_its_own_consent(db):
    evaluation = services.record_evaluation(
        enrolment=completed_on(TODAY),
        kind="hot",
        answered_at=timezone.now(),
        testimonial="Très bien.",
        testimonial_publish=False,
    )
    assert not evaluation.testimonial_publish
    empty = services.record_evaluation(
        enrolment=completed_on(TODAY),
        kind="hot",
        answered_at=timezone.now(),
        testimonial="  ",
        testimonial_publish=True,
    )
    assert not empty.testimonial_publish


def test_disability_is_declared_only_with_explicit_consent(db):
    person = beneficiary()
    with pytest.raises(NotAllowed):
        services.declare_disability(
            person=person, recognised=True, accommodations="", share_with_coach=False, consent=False
        )
    assert not DisabilityDeclaration.objects.exists()
    services.declare_disability(
        person=person, recognised=True, accommodations="Pauses", share_with_coach=False, consent=True
    )
    assert disability_of(person).recognised


def test_the_coach_sees_a_disability_declaration_only_when_the_person_shares_it(db):
    enrolment = EnrolmentFactory()
    person, their_coach = enrolment.beneficiary, enrolment.coach
    services.declare_disability(person=person, recognised=True, accommodations="", share_with_coach=False, consent=True)
    assert disability_shared_with(their_coach, person) is None
    services.declare_disability(person=person, recognised=True, accommodations="", share_with_coach=True, consent=True)
    assert disability_shared_with(their_coach, person) is not None
    assert disability_shared_with(coach(), person) is None


def test_withdrawing_erases_the_declaration(db):
    person = beneficiary()
    services.declare_disability(
        person=person, recognised=False, accommodations="", share_with_coach=False, consent=True
    )
    services.withdraw_disability(person=person)
    assert not DisabilityDeclaration.objects.exists()
