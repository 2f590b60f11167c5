import shutil
from pathlib import Path

import pytest

from openbilan.referential import services as referential
from openbilan.territory import services
from tests.referential.conftest import FIXTURE_DIR as ROME_FIXTURE_DIR

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "mini"
GEO_DIR = FIXTURE_DIR / "geo"
LABOUR_DIR = FIXTURE_DIR / "labour_market"


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the small subset (scripts/build_territory_data.py --fixture): Caen, Bayeux, Rouen, Le Havre,
    Alençon, Cherbourg, two communes of the Roissy bassin (three départements) and Basse-Terre."""
    target = tmp_path / "territory"
    shutil.copytree(FIXTURE_DIR, target)
    return target


def import_all(geo: Path = GEO_DIR, labour: Path = LABOUR_DIR) -> None:
    referential.import_referential(directory=ROME_FIXTURE_DIR)
    services.import_geo(directory=geo)
    services.import_labour_market(directory=labour)


@pytest.fixture
def territory(db):
    """The ROME test subset, the geography subset and both BMO surveys, imported by the real importers."""
    import_all()


@pytest.fixture
def places(db):
    """The geography subset only (communes, postcodes, bassins, zones)."""
    services.import_geo(directory=GEO_DIR)
