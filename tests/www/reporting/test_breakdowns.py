"""The breakdowns by gender and by zone d'emploi, as the funder reads them: named rows, the zone within its
département, and no count under 11 printed or recoverable."""

import json

import pytest

from openbilan.accounts.models import Role
from openbilan.territory import services as territory
from tests.accounts.factories import UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory
from tests.reporting.attacker import system_of
from tests.territory.conftest import GEO_DIR

# (postcode, gender, completed, active): Caen 14, Le Havre 13, Roissy (Val-d'Oise) 3.
PEOPLE = (
    ("14000", "female", 6, 2),
    ("14000", "male", 4, 2),
    ("76600", "female", 5, 2),
    ("76600", "male", 4, 2),
    ("95700", "other", 1, 2),
)


@pytest.fixture
def programme(db):
    territory.import_geo(directory=GEO_DIR)
    programme = ProgrammeFactory(slug="zones")
    for postcode, gender, completed, active in PEOPLE:
        EnrolmentFactory.create_batch(completed, programme=programme, postcode=postcode, gender=gender, completed=True)
        EnrolmentFactory.create_batch(active, programme=programme, postcode=postcode, gender=gender)
    return programme


@pytest.fixture
def funder(client, programme):
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    return client


def report(funder, programme) -> dict:
    return json.loads(funder.get(f"/rapports/{programme.slug}/rapport.json").content)


def test_the_zone_d_emploi_rows_are_named_within_their_departement(funder, programme):
    rows = {row["key"]: row for row in report(funder, programme)["segments"]["zone_emploi"]["rows"]}
    truth = {"14-2804": ("Caen", "14", 14), "76-2813": ("Le Havre", "76", 13), "95-1112": ("Roissy", "95", 3)}
    assert set(rows) == set(truth)
    for key, (name, departement, enrolled) in truth.items():
        assert (rows[key]["label"], rows[key]["parent"]) == (name, departement)
        # The true count, "< 11" when it is under 11, or withheld to protect a small cell (None): never another.
        assert rows[key]["enrolled"] in ((enrolled, None) if enrolled >= 11 else ("< 11",)), key
    assert sum(isinstance(row["enrolled"], int) for row in rows.values()) == 1  # Roissy's 3 would be 30 - 14 - 13
    text = funder.get(f"/rapports/{programme.slug}/?segment=zone_emploi").content.decode()
    assert "Calvados (14) · </span>Caen" in text and "Seine-Maritime (76) · </span>Le Havre" in text


def test_the_gender_rows_show_no_count_under_eleven(funder, programme):
    rows = {row["key"]: row for row in report(funder, programme)["segments"]["gender"]["rows"]}
    assert [rows[key]["label"] for key in ("female", "male", "other")] == ["Femme", "Homme", "Autre"]
    assert rows["other"]["enrolled"] == "< 11"
    shown = [rows[key]["enrolled"] for key in ("female", "male") if isinstance(rows[key]["enrolled"], int)]
    assert len(shown) == 1 and shown[0] in (15, 12)  # both shown would give the 3 away


def test_no_count_of_the_new_breakdowns_under_eleven_is_printed_or_recoverable(funder, programme):
    data = report(funder, programme)
    for name in ("gender", "departement", "zone_emploi"):
        for row in data["segments"][name]["rows"]:
            cells = [row["enrolled"], row["completed"], *(f["n"] for f in row["status"].values())]
            cells += [f["n"] for f in row["outcomes"].values()]
            assert all(not isinstance(n, int) or n == 0 or n >= 11 for n in cells), (name, row["key"], cells)
    assert system_of(data).recovered() == []
