import pytest

from openbilan.referential import services
from tests.referential.conftest import FIXTURE_DIR


@pytest.fixture
def referential(db):
    """The small ROME subset of tests/referential/fixtures/mini, imported by the real importer."""
    return services.import_referential(directory=FIXTURE_DIR)
