"""Operator admins assign and reassign bilans to their organisation's coaches; every change is kept."""

import pytest

from openbilan.coaching import caseload, selectors, services
from openbilan.coaching.errors import CoachingRefused
from openbilan.coaching.models import Assignment
from tests.accounts.factories import coach, operator_admin
from tests.coaching.factories import MessageFactory, admin_of, coach_of, followed


@pytest.fixture
def enrolment(db):
    return followed()


def test_reassigning_moves_the_bilan_and_keeps_the_history(enrolment):
    admin = admin_of(enrolment.programme)
    first, second, third = enrolment.coach, coach_of(enrolment.programme), coach_of(enrolment.programme)
    services.assign_coach(enrolment=enrolment, coach=second, admin=admin, reason="Congé de Camille")
    services.assign_coach(enrolment=enrolment, coach=third, admin=admin)
    enrolment.refresh_from_db()
    assert enrolment.coach == third
    history = list(selectors.assignments_of(enrolment).order_by("at", "pk"))
    assert [(a.from_coach, a.to_coach, a.by) for a in history] == [(first, second, admin), (second, third, admin)]
    assert history[0].reason == "Congé de Camille"


def test_the_former_coach_loses_access_at_once(enrolment):
    former = enrolment.coach
    services.assign_coach(enrolment=enrolment, coach=coach_of(enrolment.programme), admin=admin_of(enrolment.programme))
    assert selectors.coach_enrolment(former, enrolment.pk) is None
    assert caseload.caseload(former) == []


def test_unread_messages_follow_the_bilan_to_the_new_coach(enrolment):
    message = MessageFactory(enrolment=enrolment)
    new = coach_of(enrolment.programme)
    services.assign_coach(enrolment=enrolment, coach=new, admin=admin_of(enrolment.programme))
    message.refresh_from_db()
    assert message.recipient == new


def test_only_a_coach_of_the_same_operator_can_be_given_the_bilan(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        services.assign_coach(enrolment=enrolment, coach=coach(), admin=admin_of(enrolment.programme))
    assert refusal.value.code == "coach_not_of_operator"
    assert not Assignment.objects.exists()


def test_only_an_admin_of_the_programmes_operator_assigns(enrolment):
    for outsider in (operator_admin(), enrolment.coach, enrolment.beneficiary):
        with pytest.raises(CoachingRefused):
            services.assign_coach(enrolment=enrolment, coach=coach_of(enrolment.programme), admin=outsider)
    assert not Assignment.objects.exists()


def test_giving_the_bilan_to_its_own_coach_changes_nothing(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        services.assign_coach(enrolment=enrolment, coach=enrolment.coach, admin=admin_of(enrolment.programme))
    assert refusal.value.code == "same_coach"


def test_an_assignment_row_cannot_be_edited(enrolment):
    assignment = services.assign_coach(enrolment=enrolment, coach=None, admin=admin_of(enrolment.programme))
    assignment.reason = "autre"
    with pytest.raises(PermissionError):
        assignment.save()
