"""The shipped data (data/referential and data/training), loaded once for the module: the 2026 files import with a
title for most certifications and the source of each; for a few occupations, the current certifications derived here
from the files themselves (links, replacements, flags) are exactly those the command and the pages show."""

import csv
import datetime
import functools
import gzip
import io
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from lxml import etree

from openbilan.referential import services as referential_services
from openbilan.referential.models import Occupation
from openbilan.training import reference, services
from openbilan.training.models import (
    Bloc,
    Certification,
    CertificationImport,
    CertificationRomeCode,
    Certifier,
    Replacement,
    Status,
)
from tests.referential.test_full_data import CLEAR_ORDER as REFERENTIAL_TABLES

EXPORT = reference.EXPORT_DIR
TITLES = settings.BASE_DIR / "data" / "training" / "titles"
EXPORT_DATE = datetime.date(2026, 2, 1)
OCCUPATIONS = ("K1207", "J1501", "K1204", "M1855", "D1401", "A1203")


@pytest.fixture(scope="module")
def full(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        referential_services.import_referential(directory=settings.BASE_DIR / "data" / "referential")
        first = services.import_certifications(path=EXPORT, title_files=reference.TITLE_FILES)
        second = services.import_certifications(path=EXPORT, title_files=reference.TITLE_FILES)
    yield {"first": first, "second": second}
    with django_db_blocker.unblock():
        for model in (CertificationImport, Replacement, Bloc, Certifier, CertificationRomeCode, Certification):
            model.objects.all().delete()
        for model in REFERENTIAL_TABLES:
            model.objects.all().delete()


def rows(path, encoding="utf-8-sig"):
    return list(csv.DictReader(io.StringIO(gzip.decompress(path.read_bytes()).decode(encoding)), delimiter=";"))


def export_file(kind):
    return next(EXPORT.glob(f"export_fiches_CSV_{kind}_*.csv.gz"))


@functools.cache
def files() -> tuple[dict[str, set[str]], set[str], set[str], dict[str, tuple]]:
    """What the files say, read here without the importer: ROME code -> linked fiches, the fiches replaced, the
    fiches some source names, and the flag and end date of the newest source that gives a flag."""
    by_rome: dict[str, set[str]] = {}
    for row in rows(export_file("Rome")):
        by_rome.setdefault(row["Codes_Rome_Code"], set()).add(row["Numero_Fiche"])
    replaced = set()
    for row in rows(export_file("Ancienne_Nouvelle_Certification")):
        if row["Nouvelle_Certification"]:
            replaced.add(row["Numero_Fiche"])
        if row["Ancienne_Certification"]:
            replaced.add(row["Ancienne_Certification"])
    table = etree.fromstring(gzip.decompress(next(TITLES.glob("table_de_passage*")).read_bytes()))
    titled = {f"RNCP{item.findtext('ci_code_rncp')}" for item in table.iter("item") if item.findtext("rncp_intitule")}
    flags = {}
    kit = rows(next(TITLES.glob("Kit_apprentissage*")))
    info = rows(TITLES / "rncp_info.v1.4.csv.gz")
    diplomas = rows(TITLES / "codes_diplomes.v1.4.csv.gz")
    for source, code_column, title, flag, end, date_format in (
        (kit, "FicheRNCP", "Intitulé certification (RNCP)", "Fiche ACTIVE/INACTIVE", "Date d'échéance de la fiche RNCP",
         "%d/%m/%Y"),
        (info, "CodeRNCP", "intituleDiplome", "ActiveInactive", "date_fin_validite_enregistrement", "%m/%d/%y"),
        (diplomas, "CodeRNCP", "Intitule", "Fiche RNCP active/inactive", None, None),
    ):  # fmt: skip
        for row in source:
            code = row[code_column]
            if row[title]:
                titled.add(code)
            if code not in flags and row[flag] in ("ACTIVE", "INACTIVE"):
                until = row[end] if end and re.match(r"^\d", row[end] or "") else ""
                date = datetime.datetime.strptime(until, date_format).date() if until else None
                flags[code] = (row[flag] == "ACTIVE", date)
    return by_rome, replaced, titled, flags


def expected_current(code_rome: str) -> set[str]:
    """The fiches the Rome file links to the occupation's code, its ROME v3 parent code or its domain, minus those
    the Ancienne_Nouvelle file replaces, those the newest source with a flag says INACTIVE or whose registration it
    ends before the export, and those no source names."""
    occupation = Occupation.objects.select_related("domaine").get(code_rome=code_rome)
    domaine = occupation.domaine.code
    codes = {code_rome, occupation.parent_code, domaine, domaine + "00", domaine[0] + "00", domaine[0] + "0000"}
    by_rome, replaced, titled, flags = files()
    linked = set().union(*(by_rome.get(code, set()) for code in codes))
    current = set()
    for code in linked - replaced:
        active, until = flags.get(code, (None, None))
        if active is False or (until is not None and until < EXPORT_DATE) or code not in titled:
            continue
        current.add(code)
    return current


def command_codes(code_rome: str) -> list[str]:
    out = StringIO()
    call_command("certifications", code_rome, "--format", "json", stdout=out)
    return [row["code"] for row in json.loads(out.getvalue())]


def test_the_2026_files_import_with_a_title_for_most_certifications(full, db):
    report = full["first"]
    linked = report.coverage["linked"]
    assert linked["total"] == 23_533  # fiches of the Rome file
    assert linked["titled"] / linked["total"] > 0.9
    sources = report.coverage["title_source"]
    assert {"table_de_passage", "kit_apprentissage", "rncp_info"} <= set(sources)
    assert not Certification.objects.exclude(title="").filter(title_source="").exists()
    assert not Certification.objects.filter(title="").exclude(title_source="").exists()
    assert [key for key, _ in CertificationImport.objects.first().title_sources] == [
        "table_de_passage", "kit_apprentissage", "rncp_info", "codes_diplomes",
    ]  # fmt: skip
    assert Certification.objects.get(code="RNCP39643").title == "DE - Moniteur éducateur"
    assert Certification.objects.get(code="RNCP39643").title_source == "table_de_passage"


def test_a_second_import_writes_nothing(full, db):
    assert not any(full["second"].changes.values())
    assert services.is_imported(path=EXPORT, title_files=reference.TITLE_FILES)


@pytest.mark.parametrize("code_rome", OCCUPATIONS)
def test_the_command_shows_the_certifications_derived_from_the_files(full, db, code_rome):
    expected = expected_current(code_rome)
    assert expected, code_rome
    assert set(command_codes(code_rome)) == expected


@pytest.mark.parametrize("code_rome", ("K1207", "J1501"))
def test_the_pages_show_the_certifications_derived_from_the_files(full, db, client, code_rome):
    expected = expected_current(code_rome)
    shown, page = set(), 1
    while True:
        html = client.get(f"/formations/metier/{code_rome}/", {"page": page}).content.decode()
        shown |= set(re.findall(r'href="/formations/((?:RNCP|RS)\d+)/"', html))
        if "Page suivante" not in html:
            break
        page += 1
    assert shown == expected
    occupation_page = client.get(f"/metiers/{code_rome}/").content.decode()
    assert f"{len(expected)} certifications en vigueur mènent à ce métier." in occupation_page


def test_a_replaced_certification_never_shows_as_current(full, db):
    replaced = {
        row["Numero_Fiche"]
        for row in rows(export_file("Ancienne_Nouvelle_Certification"))
        if row["Nouvelle_Certification"]
    }
    assert not Certification.objects.filter(code__in=replaced, status=Status.CURRENT).exists()
    for code_rome in OCCUPATIONS:
        assert not replaced & set(command_codes(code_rome))
    # The moniteur éducateur's former diploma leads to the current one.
    assert "RNCP492" in replaced and "RNCP39643" in command_codes("K1207")
