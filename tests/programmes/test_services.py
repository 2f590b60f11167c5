import pytest
from django.db import IntegrityError, transaction

from openbilan.programmes.models import Enrolment, EnrolmentStatus
from openbilan.programmes.services import enrol_with_consent
from tests.accounts.factories import beneficiary, coach
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
