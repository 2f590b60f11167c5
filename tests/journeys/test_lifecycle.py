"""Enrolment status changes through the services: consent, pause, resume, completion, drop, and their record."""

import pytest

from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.errors import TransitionRefused
from openbilan.enrolments.models import EnrolmentStatus, Transition
from openbilan.journeys.models import Journey
from tests.accounts.factories import coach
from tests.journeys.factories import invited, started_journey
from tests.programmes.factories import ProgrammeFactory


def statuses(enrolment):
    return list(
        Transition.objects.filter(enrolment=enrolment, kind="status").values_list("from_state", "to_state", "actor")
    )


def test_an_invitation_is_recorded_without_consent(db):
    enrolment = enrolment_services.invite(programme=ProgrammeFactory(), beneficiary=invited().beneficiary)
    assert enrolment.status == EnrolmentStatus.INVITED
    assert enrolment.consented_at is None
    assert statuses(enrolment) == [("", "invited", None)]


def test_accepting_starts_the_journey_with_a_timestamped_consent(db):
    enrolment = invited()
    enrolment_services.accept_invitation(enrolment=enrolment, actor=enrolment.beneficiary, consent=True)
    journey = Journey.objects.get(enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.consented_at is not None and journey.started_at == enrolment.consented_at
    assert journey.phase == "preliminary"
    assert statuses(enrolment) == [("invited", "active", enrolment.beneficiary_id)]


def test_accepting_without_ticking_consent_changes_nothing(db):
    enrolment = invited()
    with pytest.raises(TransitionRefused) as refused:
        enrolment_services.accept_invitation(enrolment=enrolment, actor=enrolment.beneficiary, consent=False)
    assert refused.value.code == "consent"
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.INVITED
    assert not Journey.objects.exists()


def test_a_coach_cannot_accept_for_the_person(db):
    enrolment = invited()
    with pytest.raises(TransitionRefused):
        enrolment_services.accept_invitation(enrolment=enrolment, actor=enrolment.coach, consent=True)
    assert not Transition.objects.filter(to_state="active").exists()


def test_the_person_may_share_their_status_with_their_prescriber(db):
    enrolment = invited(referred=True)
    enrolment_services.accept_invitation(
        enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
    )
    enrolment.refresh_from_db()
    assert enrolment.shares_with_prescriber


def test_a_pause_records_who_when_and_why_and_resume_clears_it(db):
    journey = started_journey()
    enrolment = journey.enrolment
    enrolment_services.change_status(enrolment=enrolment, action="pause", actor=enrolment.coach, note="Hospitalisation")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PAUSED and enrolment.paused_at is not None
    pause = Transition.objects.get(to_state="paused")
    assert (pause.actor, pause.note) == (enrolment.coach, "Hospitalisation")
    enrolment_services.change_status(enrolment=enrolment, action="resume", actor=enrolment.beneficiary)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE and enrolment.paused_at is None


def test_a_pause_without_reason_is_refused(db):
    enrolment = started_journey().enrolment
    with pytest.raises(TransitionRefused) as refused:
        enrolment_services.change_status(enrolment=enrolment, action="pause", actor=enrolment.beneficiary, note="")
    assert refused.value.code == "pause_note"


def test_dropping_keeps_the_reason_code(db):
    enrolment = started_journey().enrolment
    enrolment_services.change_status(
        enrolment=enrolment, action="drop", actor=enrolment.beneficiary, reason_code="found_job"
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.drop_reason) == (EnrolmentStatus.DROPPED, "found_job")
    assert enrolment.dropped_at is not None
    assert Transition.objects.get(to_state="dropped").reason_code == "found_job"


def test_dropping_without_a_known_reason_is_refused(db):
    enrolment = started_journey().enrolment
    with pytest.raises(TransitionRefused):
        enrolment_services.change_status(enrolment=enrolment, action="drop", actor=enrolment.coach, reason_code="bored")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_another_coach_cannot_change_the_status(db):
    enrolment = started_journey().enrolment
    with pytest.raises(TransitionRefused) as refused:
        enrolment_services.change_status(enrolment=enrolment, action="pause", actor=coach(), note="x")
    assert refused.value.code == "actor"


def test_completing_before_the_conclusions_phase_is_refused(db):
    enrolment = started_journey(phase="investigation").enrolment
    with pytest.raises(TransitionRefused) as refused:
        enrolment_services.change_status(enrolment=enrolment, action="complete", actor=enrolment.coach)
    assert refused.value.code == "complete_before_conclusions"


def test_the_coach_completes_in_the_conclusions_phase_and_it_is_final(db):
    enrolment = started_journey(phase="conclusions").enrolment
    enrolment_services.change_status(enrolment=enrolment, action="complete", actor=enrolment.coach)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.completed_at is not None
    with pytest.raises(TransitionRefused) as refused:
        enrolment_services.change_status(enrolment=enrolment, action="drop", actor=enrolment.coach, reason_code="other")
    assert refused.value.code == "final"


def test_accept_cannot_go_through_change_status(db):
    enrolment = invited()
    with pytest.raises(TransitionRefused):
        enrolment_services.change_status(enrolment=enrolment, action="accept", actor=enrolment.beneficiary)


def test_transitions_cannot_be_edited(db):
    transition = Transition.objects.filter(enrolment=started_journey().enrolment).first()
    transition.note = "réécrit"
    with pytest.raises(PermissionError):
        transition.save()


def test_enrol_with_consent_twice_keeps_one_enrolment_and_its_first_consent(db):
    programme, person = ProgrammeFactory(), invited().beneficiary
    first = enrolment_services.enrol_with_consent(programme=programme, beneficiary=person)
    again = enrolment_services.enrol_with_consent(programme=programme, beneficiary=person, coach=coach())
    assert (again.pk, again.consented_at) == (first.pk, first.consented_at)
    assert again.coach is not None
    assert Transition.objects.filter(enrolment=first, to_state="active").count() == 1
