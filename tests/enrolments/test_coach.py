"""The enrolment core writes an enrolment's coach (issue 16): only a coach of the programme's operator, and the
access rule follows at once. Who may assign, and the history, are coaching's (tests/coaching)."""

import pytest

from openbilan.enrolments import access, services
from openbilan.enrolments.errors import NotAllowed
from tests.accounts.factories import coach
from tests.coaching.factories import coach_of
from tests.programmes.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_the_new_coach_opens_the_bilan_and_the_former_one_no_longer_does():
    enrolment = EnrolmentFactory()
    former, new = enrolment.coach, coach_of(enrolment.programme)
    services.change_coach(enrolment=enrolment, coach=new)
    enrolment.refresh_from_db()
    assert enrolment.coach == new
    assert access.decide(new, enrolment).is_coach
    assert access.decide(former, enrolment) is None


def test_a_coach_of_another_operator_is_refused_and_nothing_changes():
    enrolment = EnrolmentFactory()
    before = enrolment.coach
    with pytest.raises(NotAllowed):
        services.change_coach(enrolment=enrolment, coach=coach())
    enrolment.refresh_from_db()
    assert enrolment.coach == before


def test_the_bilan_may_be_left_without_a_coach():
    enrolment = EnrolmentFactory()
    services.change_coach(enrolment=enrolment, coach=None)
    enrolment.refresh_from_db()
    assert enrolment.coach is None
