import pytest

from openbilan.referential import services
from tests.referential.conftest import FIXTURE_DIR
from tests.training.factories import moniteur_educateur


@pytest.fixture
def catalogue(referential, tmp_path):
    """Two certifications for K1207 (one replaced by the other), one for its domain, and demo sessions."""
    return moniteur_educateur(tmp_path)


@pytest.fixture
def referential(db):
    """The small ROME subset of tests/referential/fixtures/mini, imported by the real importer."""
    return services.import_referential(directory=FIXTURE_DIR)
