import pytest

from openbilan.referential import services
from tests.referential.conftest import FIXTURE_DIR
from tests.training.factories import CAEN, ROUEN, CertificationFactory, imported, load_offers, offer, replace


@pytest.fixture
def catalogue(referential, tmp_path):
    """Two certifications for K1207 (one replaced by the other), one for its domain, and demo sessions."""
    old = CertificationFactory(code="RNCP492", number=492, title="DE de moniteur éducateur (ancien)", level=4,
                               rome=["K1207"])  # fmt: skip
    new = CertificationFactory(
        code="RNCP39643",
        number=39643,
        title="DE - Moniteur éducateur",
        level=4,
        rome=["K1207"],
        certifiers=["Ministère des solidarités"],
        blocs=["Accompagner la personne", "Travailler en équipe"],
        vae=True,
        typical_months=24,
    )
    replace(old, new)
    imported()
    CertificationFactory(code="RNCP5005", number=5005, title="Intervention sociale", level=5, rome=["K12"])
    load_offers(
        tmp_path,
        offer("RNCP39643", (CAEN, 20, 600), (ROUEN, 40, 600), funders=(("2", 20),), programme="PRF (démo)"),
        key="demo",
        is_demo=True,
    )
    return {"old": old, "new": new}


@pytest.fixture
def referential(db):
    """The small ROME subset of tests/referential/fixtures/mini, imported by the real importer."""
    return services.import_referential(directory=FIXTURE_DIR)
