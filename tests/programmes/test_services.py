import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import Enrolment, EnrolmentStatus
from openbilan.programmes.services import (
    enrol_with_consent,
    set_inactivity_days,
    set_journey_template,
)
from tests.accounts.factories import beneficiary, coach, operator_admin
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def test_enrolment_with_consent_is_active_and_timestamped(db):
    enrolment = enrol_with_consent(programme=ProgrammeFactory(), beneficiary=beneficiary(), coach=coach())
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.consented_at is not None


def test_enrolling_twice_keeps_the_first_consent_date(db):
    programme, person = ProgrammeFactory(), beneficiary()
    first = enrol_with_consent(programme=programme, beneficiary=person)
    again = enrol_with_consent(programme=programme, beneficiary=person)
    assert (again.pk, again.consented_at) == (first.pk, first.consented_at)


def test_the_database_refuses_an_active_enrolment_without_consent(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(status=EnrolmentStatus.ACTIVE, consented_at=None)
    assert Enrolment.objects.count() == 0


def test_the_database_refuses_a_drop_without_reason(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(status=EnrolmentStatus.DROPPED, drop_reason="", dropped_at=timezone.now())


def test_the_database_refuses_a_reason_on_an_enrolment_still_running(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(drop_reason="health")


def test_an_inactivity_threshold_outside_1_to_365_days_is_refused(db):
    programme = ProgrammeFactory()
    with pytest.raises(ValueError):
        set_inactivity_days(programme=programme, days=0)
    assert set_inactivity_days(programme=programme, days=21).inactivity_days == 21
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(inactivity_days=400)


def test_only_an_admin_of_the_operator_chooses_the_programme_template(db):
    programme = ProgrammeFactory()
    with pytest.raises(NotAllowed):
        set_journey_template(programme=programme, template=None, actor=operator_admin())
    admin = operator_admin(role__organisation=programme.operator)
    assert set_journey_template(programme=programme, template=None, actor=admin).journey_template is None
