import pytest

from tests.assessments.factories import load_instruments


@pytest.fixture
def instruments(db):
    """The shipped instrument files, loaded into the database; {slug: current InstrumentVersion}."""
    return load_instruments()
