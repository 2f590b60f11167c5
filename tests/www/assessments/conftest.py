import pytest

from tests.assessments.factories import load_instruments
from tests.programmes.factories import EnrolmentFactory


@pytest.fixture
def instruments(db):
    return load_instruments()


@pytest.fixture
def enrolment(db):
    """A beneficiary followed by a coach."""
    return EnrolmentFactory()
