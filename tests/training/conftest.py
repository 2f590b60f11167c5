import shutil
import zipfile
from pathlib import Path

import pytest

from openbilan.referential import services as referential_services
from openbilan.training import services
from tests.referential.conftest import FIXTURE_DIR as REFERENTIAL_DIR

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_ZIP = FIXTURES / "export-fiches-csv-2024-02-22.sample.zip"
LHEO_22 = FIXTURES / "exemple-bts-onisep-lheo-2.2.xml"


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    """The format-exact sample of the official export, unzipped (a writable copy, for tests that damage a file)."""
    target = tmp_path / "export"
    with zipfile.ZipFile(SAMPLE_ZIP) as archive:
        archive.extractall(target)
    return target


@pytest.fixture
def sample_imported(db):
    return services.import_certifications(path=SAMPLE_ZIP)


@pytest.fixture
def referential(db):
    """The small ROME subset of tests/referential (K1203, K1207, K1224 in domaine K12; M1855 under M1805...)."""
    return referential_services.import_referential(directory=REFERENTIAL_DIR)


@pytest.fixture
def lheo_copy(tmp_path) -> Path:
    target = tmp_path / "offres.xml"
    shutil.copy(LHEO_22, target)
    return target
