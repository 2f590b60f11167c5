"""The shipped data (data/geo, data/labour_market), imported once for this module: for several (occupation, commune)
pairs the expected figures are computed here straight from the files (the BMO table, DARES's crosswalk, the commune
-> bassin file and the ROME export's parent codes), never from the platform's tables, then compared with
`manage.py labour_market` and with the occupation page, for a person living there and for a visitor."""

import csv
import gzip
import html as html_module
import io
import json
import re
from collections import defaultdict

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from openbilan.referential import services as referential
from openbilan.territory import services
from openbilan.territory.models import (
    Bassin,
    BmoSurvey,
    Commune,
    Departement,
    FapFamily,
    PostcodeCommune,
    Region,
    RomeFap,
    SourceFile,
    ZoneEmploi,
)
from tests.accounts.factories import beneficiary
from tests.referential.conftest import FIXTURE_DIR as ROME_DIR
from tests.referential.test_full_data import CLEAR_ORDER as ROME_ORDER

DATA = settings.BASE_DIR / "data"
BMO = DATA / "labour_market" / "Base_open_data_BMO_{year}.csv.gz"
CROSSWALK = DATA / "labour_market" / "Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv.gz"
LABELS = DATA / "labour_market" / "Dares_Arborescence_FAP2021.csv.gz"
BASSINS = DATA / "geo" / "communes_bassins_bmo.csv.gz"
ROME = ROME_DIR / "rome" / "unix_referentiel_code_rome_v460_utf8.csv"

PAIRS = [
    ("J1501", "14118"),  # aide-soignant, Caen
    ("M1607", "14118"),  # secrétaire, Caen: three families by level, some figures secret
    ("M1607", "76540"),  # secrétaire, Rouen
    ("M1855", "50129"),  # développeur web (parent M1805), Cherbourg-en-Cotentin
    ("D1102", "95527"),  # boulanger, Roissy-en-France: a bassin over three départements
    ("A1506", "61001"),  # soigneur animalier (parent A1501), Alençon
    ("K2113", "97105"),  # AESH (parent K2104), Basse-Terre
]


def _gz_csv(path, encoding="utf-8", delimiter=","):
    with gzip.open(path, "rb") as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode(encoding)), delimiter=delimiter))


def expected(code_rome: str, commune: str, year: int = 2025) -> dict:
    """The figures, from the files alone."""
    parent = next(
        r["code_rome_parent"] for r in csv.DictReader(ROME.open(encoding="utf-8")) if r["code_rome"] == code_rome
    )
    faps = {r["FAP341"] for r in _gz_csv(CROSSWALK, "cp1252", ";") if r["ROME"] == parent}
    families = {re.sub(r"[a-z]$", "", fap) for fap in faps}
    bassin = next(r["code_bassin_BMO"] for r in _gz_csv(BASSINS) if r["code_commune_insee"] == commune)
    rows = _gz_csv(BMO.with_name(BMO.name.format(year=year)))
    column = f"BE{year % 100}"
    surveyed = {r["Code métier BMO"] for r in rows}
    bassin_name = next(r[f"NOMBE{year % 100}"] for r in rows if r[column] == bassin)
    names = {r["Code_FAP228"]: r["Intitulé_FAP228"] for r in _gz_csv(LABELS, delimiter=";")}
    parts = defaultdict(list)
    for r in rows:
        if r[column] == bassin and r["Code métier BMO"] in families:
            parts[r["Code métier BMO"]].append(r)

    def total(family, key):
        if family not in surveyed:
            return None
        cells = [r[key] for r in parts.get(family, [])]
        return None if "*" in cells else sum(int(c) for c in cells)  # no row: no project

    return {
        "year": year,
        "bassin": {"code": bassin, "name": bassin_name},
        "families": [
            {
                "fap": family,
                "name": names[family],
                "projects": total(family, "met"),
                "difficult": total(family, "xmet"),
                "seasonal": total(family, "smet"),
            }
            for family in sorted(families)
        ],
    }


CLEAR_ORDER = (
    PostcodeCommune,
    Commune,
    Bassin,
    ZoneEmploi,
    Departement,
    Region,
    BmoSurvey,
    RomeFap,
    FapFamily,
    SourceFile,
)


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        referential.import_referential(directory=ROME_DIR)
        geo = services.import_geo(directory=DATA / "geo")
        labour = services.import_labour_market(directory=DATA / "labour_market")
    yield geo, labour
    with django_db_blocker.unblock():
        for model in CLEAR_ORDER + ROME_ORDER:
            model.objects.all().delete()


def test_the_shipped_files_import_whole(shipped, db):
    assert Commune.objects.count() == 34966
    assert Bassin.objects.count() >= 406
    assert ZoneEmploi.objects.count() == 306
    assert list(BmoSurvey.objects.values_list("year", "rows")) == [(2025, 50076), (2024, 53443)]
    assert RomeFap.objects.count() == 5320
    assert Region.objects.get(code="28").name == "Normandie"


@pytest.mark.parametrize(("code_rome", "commune"), PAIRS)
def test_the_command_prints_the_figures_of_the_files(shipped, db, capsys, code_rome, commune):
    call_command("labour_market", code_rome, "--commune", commune, "--format", "json")
    assert json.loads(capsys.readouterr().out) == expected(code_rome, commune)


def test_the_command_reads_the_earlier_survey_too(shipped, db, capsys):
    call_command("labour_market", "J1501", "--commune", "14118", "--year", "2024", "--format", "json")
    assert json.loads(capsys.readouterr().out) == expected("J1501", "14118", 2024)


def test_some_pairs_hold_secret_figures(shipped, db):
    nulls = [f for code, commune in PAIRS for f in expected(code, commune)["families"] if None in f.values()]
    assert nulls, "the pairs must include a figure published as '*'"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")  # French thousands separator (narrow no-break space)


def _page_checks(html: str, data: dict) -> None:
    html = html_module.unescape(html)
    for family in data["families"]:
        assert family["name"] in html
        projects = family["projects"]
        if projects is None:
            assert "nombre de projets de recrutement non diffusé" in html
        elif projects == 0:
            assert "aucun projet de recrutement recensé" in html
        else:
            assert re.search(rf"{re.escape(_number(projects))} projets? de recrutement dans le bassin", html), family
            if family["difficult"] is None:
                assert "part jugée difficile non diffusée" in html
            else:
                share = round(100 * family["difficult"] / projects)
                assert f"dont {share} % jugé" in html


@pytest.mark.parametrize(("code_rome", "commune"), PAIRS)
def test_the_occupation_page_shows_the_persons_bassin_figures(shipped, db, client, code_rome, commune):
    person = beneficiary()
    postcode = PostcodeCommune.objects.filter(commune__insee_code=commune).values_list("postcode", flat=True).first()
    services.set_place(person=person, postcode=postcode, commune_code=commune)
    client.force_login(person)
    html = client.get(reverse("explorer:occupation", args=[code_rome])).content.decode()
    data = expected(code_rome, commune)
    assert "Dans votre bassin d'emploi" in html
    _page_checks(html, data)


@pytest.mark.parametrize(("code_rome", "commune"), PAIRS[:3])
def test_a_visitor_picks_the_bassin_and_sees_the_same_figures(shipped, db, client, code_rome, commune):
    data = expected(code_rome, commune)
    html = client.get(
        reverse("explorer:occupation", args=[code_rome]), {"bassin": data["bassin"]["code"]}
    ).content.decode()
    assert "Dans le bassin d'emploi de" in html
    _page_checks(html, data)
