"""The one access rule (openbilan.enrolments.access), and the issue 16 findings it fixes, each from its reproduction:

1. withdrawing a consent did nothing for most purposes (the coach still opened results, suggestions, life line);
2. another operator's coach and admin reached a person's results and accommodation request through an invited
   enrolment made by a cohort import;
2b. coaches kept access to a person after the bilan was completed or dropped.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from openbilan.assessments.models import Attempt
from openbilan.enrolments import access
from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.models import EnrolmentStatus
from openbilan.privacy.models import AccessLog, Purpose
from openbilan.privacy.services import set_consent
from openbilan.quality.models import AccommodationRequest
from openbilan.quality.services import record_accommodation
from openbilan.recommendations import selectors as recommendations
from tests.assessments.factories import RIASEC, finished_attempt, load_instruments
from tests.coaching.factories import admin_of, coach_of, followed
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def instruments(db):
    return load_instruments()


def _get(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs)).status_code


def _backdate(attempt: Attempt, days: int) -> None:
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - days * DAY)


# --- finding 1: every consent purpose shown is enforced ----------------------------------------------------------


@pytest.fixture
def shared(instruments):
    enrolment = followed(phase="investigation")
    attempt = finished_attempt(enrolment.beneficiary, RIASEC)
    return enrolment, attempt


def test_withdrawing_coach_sharing_closes_results_suggestions_and_life_line_to_the_coach(client, shared):
    enrolment, attempt = shared
    person, coach = enrolment.beneficiary, enrolment.coach
    assert _get(client, coach, "assessments:results", attempt_id=attempt.pk) == 200
    assert _get(client, coach, "journeys:timeline", enrolment_id=enrolment.pk) == 200
    assert recommendations.can_view(coach, person)

    set_consent(person=person, purpose=Purpose.COACH_SHARING, granted=False)

    assert _get(client, coach, "assessments:results", attempt_id=attempt.pk) == 404
    assert _get(client, coach, "assessments:person", user_id=person.pk) == 404
    assert _get(client, coach, "journeys:timeline", enrolment_id=enrolment.pk) == 404
    assert _get(client, coach, "journeys:needs", enrolment_id=enrolment.pk) == 404
    assert _get(client, coach, "recommendations:person", user_id=person.pk) == 404
    assert _get(client, coach, "projects:bilan", enrolment_id=enrolment.pk) == 404
    assert not recommendations.can_view(coach, person)


def test_without_coach_sharing_the_coach_keeps_what_running_the_bilan_needs(client, shared):
    enrolment, attempt = shared
    set_consent(person=enrolment.beneficiary, purpose=Purpose.COACH_SHARING, granted=False)
    client.force_login(enrolment.coach)
    screen = client.get(reverse("coaching:person", kwargs={"enrolment_id": enrolment.pk}))
    assert screen.status_code == 200
    assert reverse("assessments:results", args=[attempt.pk]) not in screen.content.decode()
    assert not screen.context["content"] and screen.context["results"] == []
    assert _get(client, enrolment.coach, "coaching:coach_thread", enrolment_id=enrolment.pk) == 200
    assert _get(client, enrolment.coach, "journeys:journey", enrolment_id=enrolment.pk) == 200


def test_granting_coach_sharing_again_opens_again(client, shared):
    enrolment, attempt = shared
    set_consent(person=enrolment.beneficiary, purpose=Purpose.COACH_SHARING, granted=False)
    set_consent(person=enrolment.beneficiary, purpose=Purpose.COACH_SHARING, granted=True)
    assert _get(client, enrolment.coach, "assessments:results", attempt_id=attempt.pk) == 200


def test_withdrawing_research_takes_the_answers_out_of_the_norms(shared):
    from openbilan.assessments import selectors as assessments

    enrolment, attempt = shared
    version = attempt.instrument_version
    other = finished_attempt(None, RIASEC)
    assert assessments.cohort_table(version).n == 2
    set_consent(person=enrolment.beneficiary, purpose=Purpose.RESEARCH, granted=False)
    assert assessments.cohort_table(version).n == 1
    assert other.pk in assessments._latest_finished_ids(version, None)


def test_withdrawing_funder_aggregates_takes_the_person_out_of_the_funders_next_figures(db):
    from openbilan.reporting import services as reporting

    programme = ProgrammeFactory()
    enrolments = [EnrolmentFactory(programme=programme) for _ in range(13)]
    assert reporting.live_report(programme)["enrolled"] == 13
    published = reporting.publish(programme=programme, kind="first")
    set_consent(person=enrolments[0].beneficiary, purpose=Purpose.FUNDER_AGGREGATES, granted=False)
    assert reporting.live_report(programme)["enrolled"] == 12
    assert reporting.changed_since(programme, published.made_at) == 1  # the next publication point counts it


def test_the_privacy_page_offers_only_purposes_that_do_something_and_says_what(client, db):
    person = EnrolmentFactory().beneficiary
    client.force_login(person)
    page = client.get(reverse("privacy:index"))
    purposes = [state.purpose for state, _effect in page.context["consents"]]
    assert Purpose.BILAN not in purposes
    assert all(effect for _state, effect in page.context["consents"])
    response = client.post(reverse("privacy:consent"), {"purpose": Purpose.BILAN, "granted": "0"})
    assert response.status_code == 302
    assert not person.consents.exists()  # refused: withdrawing `bilan` here would do nothing


# --- finding 2: a person enrolled by a second operator ------------------------------------------------------------


@pytest.fixture
def two_operators(instruments):
    """The person's bilan with operator 2 (results, an accommodation request), then operator 1's cohort import
    makes an invited enrolment and its admin assigns their own coach, as in the reproduction."""
    first = followed()
    type(first).objects.filter(pk=first.pk).update(consented_at=timezone.now() - 20 * DAY)
    person = first.beneficiary
    attempt = finished_attempt(person, RIASEC)
    _backdate(attempt, 10)
    request = record_accommodation(person=person, kinds=["extra_time"], details="Santé : fatigue", consent=True)
    AccommodationRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - 10 * DAY)
    programme = ProgrammeFactory()
    coach, admin = coach_of(programme), admin_of(programme)
    second = EnrolmentFactory(programme=programme, beneficiary=person, coach=coach, invited=True)
    return first, second, attempt, request, coach, admin


def test_an_invited_enrolment_opens_nothing_of_what_another_operator_holds(client, two_operators):
    first, second, attempt, _request, coach, admin = two_operators
    person = first.beneficiary
    assert second.status == EnrolmentStatus.INVITED
    assert _get(client, coach, "assessments:results", attempt_id=attempt.pk) == 404
    assert _get(client, coach, "assessments:person", user_id=person.pk) == 404
    assert _get(client, coach, "recommendations:person", user_id=person.pk) == 404
    assert _get(client, coach, "journeys:timeline", enrolment_id=first.pk) == 404
    for user in (coach, admin):
        client.force_login(user)
        page = client.get(reverse("quality:accommodations"))
        assert "Santé : fatigue" not in page.content.decode()
    # Operator 2's own coach still follows the person.
    assert _get(client, first.coach, "assessments:results", attempt_id=attempt.pk) == 200


def test_accepting_the_new_enrolment_opens_only_what_is_made_under_it(client, two_operators):
    _first, second, attempt, _request, coach, admin = two_operators
    enrolment_services.accept_invitation(
        enrolment=second, actor=second.beneficiary, consent=True, at=timezone.now() - DAY
    )
    assert _get(client, coach, "assessments:results", attempt_id=attempt.pk) == 404
    fresh = finished_attempt(second.beneficiary, RIASEC)  # made after the acceptance
    assert _get(client, coach, "assessments:results", attempt_id=fresh.pk) == 200
    client.force_login(admin)
    assert "Santé : fatigue" not in client.get(reverse("quality:accommodations")).content.decode()


def test_the_person_may_bring_their_earlier_work_along(client, two_operators):
    _first, second, attempt, _request, coach, admin = two_operators
    enrolment_services.accept_invitation(
        enrolment=second, actor=second.beneficiary, consent=True, bring_earlier_work=True
    )
    assert _get(client, coach, "assessments:results", attempt_id=attempt.pk) == 200
    client.force_login(admin)
    assert "Santé : fatigue" in client.get(reverse("quality:accommodations")).content.decode()


def test_the_invitation_offers_to_bring_earlier_work_only_when_there_is_some(client, two_operators):
    first, second, *_ = two_operators
    client.force_login(second.beneficiary)
    page = client.get(reverse("journeys:invitation", kwargs={"enrolment_id": second.pk}))
    assert page.context["earlier_bilan"]
    response = client.post(
        reverse("journeys:invitation", kwargs={"enrolment_id": second.pk}),
        {"consent": "on", "bring_earlier_work": "on"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.brings_earlier_work
    first.refresh_from_db()
    assert not access.has_earlier_bilan(first)


def test_a_coach_of_another_operator_is_nobody_even_if_assigned(db):
    enrolment = followed()
    outsider = coach_of(ProgrammeFactory())
    enrolment.coach = outsider
    enrolment.save()
    assert access.decide(outsider, enrolment) is None


# --- finding 2b: coaches after the end ------------------------------------------------------------------------------


def _end(enrolment, status: str, days_ago: int) -> None:
    at = timezone.now() - days_ago * DAY
    values = {"status": status, "status_changed_at": at}
    if status == EnrolmentStatus.COMPLETED:
        values["completed_at"] = at
    else:
        values.update(dropped_at=at, drop_reason="personal")
    type(enrolment).objects.filter(pk=enrolment.pk).update(**values)
    enrolment.refresh_from_db()


def test_after_completion_the_coach_reads_the_content_for_the_grace_period_only(client, shared, settings):
    settings.OPENBILAN_PURGE_GRACE_DAYS = 30
    enrolment, attempt = shared
    _end(enrolment, EnrolmentStatus.COMPLETED, days_ago=5)
    assert _get(client, enrolment.coach, "assessments:results", attempt_id=attempt.pk) == 200
    _end(enrolment, EnrolmentStatus.COMPLETED, days_ago=31)
    assert _get(client, enrolment.coach, "assessments:results", attempt_id=attempt.pk) == 404
    assert _get(client, enrolment.coach, "journeys:timeline", enrolment_id=enrolment.pk) == 404
    # The follow-up (names, messages, the outcome) stays open until the follow-up window ends.
    assert _get(client, enrolment.coach, "coaching:person", enrolment_id=enrolment.pk) == 200
    _end(enrolment, EnrolmentStatus.COMPLETED, days_ago=access.follow_up_days() + 1)
    assert _get(client, enrolment.coach, "coaching:person", enrolment_id=enrolment.pk) == 404
    assert enrolment not in access.coached_enrolments(enrolment.coach)


def test_after_a_drop_the_coach_loses_the_content_at_once_and_the_person_after_the_follow_up(client, shared):
    enrolment, attempt = shared
    _end(enrolment, EnrolmentStatus.DROPPED, days_ago=1)  # the documents' grace period is 0 (R6313-7)
    assert _get(client, enrolment.coach, "assessments:results", attempt_id=attempt.pk) == 404
    assert _get(client, enrolment.coach, "journeys:timeline", enrolment_id=enrolment.pk) == 404
    assert _get(client, enrolment.coach, "coaching:person", enrolment_id=enrolment.pk) == 200  # the last contacts
    _end(enrolment, EnrolmentStatus.DROPPED, days_ago=access.follow_up_days() + 1)
    assert _get(client, enrolment.coach, "coaching:person", enrolment_id=enrolment.pk) == 404
    assert _get(client, enrolment.coach, "coaching:coach_thread", enrolment_id=enrolment.pk) == 404


def test_the_person_keeps_everything_after_the_end(client, shared):
    enrolment, attempt = shared
    _end(enrolment, EnrolmentStatus.DROPPED, days_ago=400)
    assert _get(client, enrolment.beneficiary, "assessments:results", attempt_id=attempt.pk) == 200


# --- the access log ----------------------------------------------------------------------------------------------


def test_the_access_log_is_written_by_the_rule_with_a_code_read_in_the_persons_language(client, shared):
    enrolment, _attempt = shared
    _get(client, enrolment.coach, "journeys:timeline", enrolment_id=enrolment.pk)
    entry = AccessLog.objects.get(subject=enrolment.beneficiary)
    assert entry.what == "exercise"
    with translation.override("en"):
        assert entry.label == "A journey exercise"


def test_an_unknown_label_is_refused(db):
    enrolment = EnrolmentFactory()
    with pytest.raises(ValueError):
        access.record(actor=enrolment.coach, subject=enrolment.beneficiary, label="whatever")
