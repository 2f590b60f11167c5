"""The geography and hiring-demand importers on the small subset: official layouts, skip when unchanged, all or
nothing, a message naming the file, the line and the reason."""

import csv
import re

import openpyxl
import pytest
from django.utils import translation

from openbilan.territory import services, sources
from openbilan.territory.errors import TerritoryImportError
from openbilan.territory.models import (
    Bassin,
    BmoSurvey,
    Commune,
    Departement,
    FapFamily,
    HiringDemand,
    PersonPlace,
    PostcodeCommune,
    Region,
    RomeFap,
    SourceFile,
    ZoneEmploi,
)
from tests.accounts.factories import beneficiary
from tests.referential.helpers import drop_lines, replace_in
from tests.territory.conftest import GEO_DIR, LABOUR_DIR, import_all

BMO_2025 = "Base_open_data_BMO_2025.csv"
CROSSWALK = "Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv"
CAEN_AIDES_SOIGNANTS = "2025,V0X60,28,Normandie,14,Calvados,2817,CAEN,642,315,29"


def caen_aides_soignants(year=2025):
    return HiringDemand.objects.get(survey__year=year, bassin_code="2817", family="V0X60")


def test_the_subset_imports_places_families_crosswalk_and_both_surveys(territory):
    assert Commune.objects.count() == 47
    assert PostcodeCommune.objects.filter(postcode="14400").count() == 32
    assert Commune.objects.get(insee_code="14118").bassin.code == "2817"
    assert Commune.objects.get(insee_code="14118").zone_emploi.name == "Caen"
    assert Commune.objects.get(insee_code="97105").departement.code == "971"
    assert list(BmoSurvey.objects.values_list("year", flat=True)) == [2025, 2024]
    assert RomeFap.objects.count() == 110
    assert RomeFap.objects.get(rome_code="J1501", qualification=5).family == "V0X60"
    assert FapFamily.objects.filter(level=228).count() == 228
    row = caen_aides_soignants()
    assert (row.projects, row.difficult, row.seasonal) == (642, 315, 29)


def test_names_of_regions_departements_and_bassins_come_from_the_latest_survey(territory):
    assert Region.objects.get(code="28").name == "Normandie"
    assert Departement.objects.get(code="14").name == "Calvados"
    assert Departement.objects.get(code="971").region.code == "01"
    bassin = Bassin.objects.get(code="1119")
    assert (bassin.name, bassin.name_year) == ("Grand Roissy - Le Bourget", 2025)


def test_a_star_is_stored_as_null_and_a_bassin_spanning_departements_is_summed(territory):
    # Grand Roissy - Le Bourget (1119), seasonal workers: one row per département (77, 93, 95)
    path = LABOUR_DIR / BMO_2025
    rows = [
        r
        for r in csv.DictReader(path.open(encoding="utf-8"))
        if r["BE25"] == "1119" and r["Code métier BMO"] == "A0X40"
    ]
    assert [r["Dept"] for r in rows] == ["77", "93", "95"]
    stored = HiringDemand.objects.get(survey__year=2025, bassin_code="1119", family="A0X40")
    assert stored.projects == sum(int(r["met"]) for r in rows)
    assert stored.seasonal is None  # one of the three is "*"
    assert stored.seasonal_published == sum(int(r["smet"]) for r in rows if r["smet"] != "*")


def test_a_second_import_skips_every_unchanged_file(territory):
    stamps = dict(SourceFile.objects.values_list("key", "imported_at"))
    geo = services.import_geo(directory=GEO_DIR)
    labour = services.import_labour_market(directory=LABOUR_DIR)
    assert {f.status for f in geo.files + labour.files} == {"unchanged"}
    assert not geo.changed and not labour.changed
    assert dict(SourceFile.objects.values_list("key", "imported_at")) == stamps
    assert services.is_up_to_date(directory=GEO_DIR) and services.is_up_to_date(directory=LABOUR_DIR)


def test_a_changed_survey_is_imported_again_alone(territory, mini_copy):
    folder = mini_copy / "labour_market"
    replace_in(folder / BMO_2025, CAEN_AIDES_SOIGNANTS, CAEN_AIDES_SOIGNANTS.replace("642,315,29", "700,*,29"))
    assert not services.is_up_to_date(directory=folder)
    report = services.import_labour_market(directory=folder)
    status = {f.name: f.status for f in report.files}
    assert status[BMO_2025] == "imported"
    assert {s for name, s in status.items() if name != BMO_2025} == {"unchanged"}
    row = caen_aides_soignants()
    assert (row.projects, row.difficult, row.difficult_published) == (700, None, 0)
    assert caen_aides_soignants(2024).projects == 535


def test_a_dry_run_reads_and_checks_but_writes_nothing(territory, mini_copy):
    folder = mini_copy / "labour_market"
    replace_in(folder / BMO_2025, CAEN_AIDES_SOIGNANTS, CAEN_AIDES_SOIGNANTS.replace("642", "700"))
    report = services.import_labour_market(directory=folder, dry_run=True)
    assert {f.status for f in report.files} == {"checked"}
    assert caen_aides_soignants().projects == 642


def _workbook(path, year, header_rows, sheet=None):
    book = openpyxl.Workbook()
    book.active.title = "Description_des_variables"
    book.active.append([None, "Variables ", "Description "])
    data = book.create_sheet(sheet or f"BMO_{year}_open_data")
    for row in header_rows:
        data.append(row)
    book.save(path)


def _official_rows(csv_path, year):
    """The compact CSV turned back into the official sheet: all 14 columns, numbers as number cells."""
    suffix = f"{year % 100:02d}"
    header = ["annee", "Code métier BMO", "Nom métier BMO", "Famille_met", "Lbl_fam_met", "REG", "NOM_REG", "Dept"]
    header += ["NomDept", f"BE{suffix}", f"NOMBE{suffix}", "met", "xmet", "smet"]
    rows = [header]
    for r in csv.DictReader(csv_path.open(encoding="utf-8")):
        start = [int(r["annee"]), r["Code métier BMO"], "nom", "Z", "Autres métiers", r["REG"], r["NOM_REG"]]
        rows.append(
            [
                *start,
                r["Dept"],
                r["NomDept"],
                int(r[f"BE{suffix}"]),
                r[f"NOMBE{suffix}"],
                r["met"],
                r["xmet"],
                r["smet"],
            ]
        )
    return rows


def test_the_official_workbook_reads_exactly_like_its_compact_csv(tmp_path):
    _workbook(tmp_path / "Base_open_data_BMO_2025.xlsx", 2025, _official_rows(LABOUR_DIR / BMO_2025, 2025))
    from_workbook = sources.locate(tmp_path, sources.LABOUR_ROLES)
    from_csv = [item for item in sources.locate(LABOUR_DIR, sources.LABOUR_ROLES) if item.key == "bmo:2025"]
    assert [(item.key, item.sheet) for item in from_workbook] == [("bmo:2025", "BMO_2025_open_data")]

    def values(item):
        return [{k: v for k, v in vars(row).items() if k != "line"} for row in sources.read_bmo(item).rows]

    assert values(from_workbook[0]) == values(from_csv[0])


def test_a_workbook_survey_imports_next_to_the_shipped_labels(territory, tmp_path):
    rows = _official_rows(LABOUR_DIR / BMO_2025, 2025)
    for row in rows[1:]:
        row[0] = 2026
    rows[0][9], rows[0][10] = "BE26", "NOMBE26"
    _workbook(tmp_path / "Base_open_data_BMO_2026.xlsx", 2026, rows)
    report = services.import_labour_market(directory=tmp_path)
    assert [f.status for f in report.files] == ["imported"]
    assert list(BmoSurvey.objects.values_list("year", flat=True)) == [2026, 2025, 2024]
    assert caen_aides_soignants(2026).projects == 642


def test_a_survey_coded_in_fap_2009_is_refused_and_nothing_is_written(territory, tmp_path):
    header = ["annee", "Code métier BMO", "Nom métier BMO", "REG", "NOM_REG", "Dept", "NomDept", "BE23", "NOMBE23"]
    header += ["met", "xmet", "smet"]
    rows = [header]
    for code, name in (
        ("A0Z40", "Agriculteurs salariés"),
        ("J5Z60", "Aides-soignants"),
        ("T4Z60", "Agents d'entretien"),
    ):
        rows.append([2023, code, name, "28", "Normandie", "14", "Calvados", 2817, "CAEN", "120", "*", "12"])
    _workbook(tmp_path / "Base_open_data_BMO_2023.xlsx", 2023, rows, sheet="BMO_2023_open_data")
    before = (HiringDemand.objects.count(), dict(SourceFile.objects.values_list("key", "checksum")))
    with pytest.raises(TerritoryImportError) as refused:
        services.import_labour_market(directory=tmp_path)
    message = str(refused.value)
    assert message.startswith("Base_open_data_BMO_2023.xlsx : l'enquête BMO 2023 est codée en FAP 2009")
    assert "« A0Z40 »" in message and "FAP 2021" in message
    assert (HiringDemand.objects.count(), dict(SourceFile.objects.values_list("key", "checksum"))) == before
    assert not BmoSurvey.objects.filter(year=2023).exists()


def test_the_fap_2009_refusal_is_translated(territory, tmp_path):
    rows = [["annee", "Code métier BMO", "REG", "NOM_REG", "Dept", "NomDept", "BE23", "NOMBE23", "met", "xmet", "smet"]]
    rows.append([2023, "A0Z40", "28", "Normandie", "14", "Calvados", 2817, "CAEN", "12", "*", "*"])
    _workbook(tmp_path / "bmo.xlsx", 2023, rows)
    with translation.override("en"), pytest.raises(TerritoryImportError) as refused:
        services.import_labour_market(directory=tmp_path)
    assert "coded in FAP 2009" in str(refused.value)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            "642,315,29",
            "6x2,315,29",
            "colonne « met » : « 6x2 » n'est ni un nombre entier ni « * » (secret statistique)",
        ),
        ("642,315,29", "642,315", "champs attendus : 11, trouvés : 10 (ligne tronquée ?)"),
        ("642,315,29", "642,700,29", "colonne « xmet » : 700 dépasse le nombre de projets (642)"),
        (
            "2025,V0X60,28",
            "2025,V9X99,28",
            "colonne « Code métier BMO » : « V9X99 » n'est pas une famille de la nomenclature FAP 2021",
        ),
        ("2025,V0X60,28", "2024,V0X60,28", "colonne « annee » : « 2024 » au lieu de 2025 (colonne BE25)"),
    ],
)
def test_a_bad_line_names_the_file_the_line_and_the_reason(territory, mini_copy, old, new, reason):
    folder = mini_copy / "labour_market"
    path = folder / BMO_2025
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CAEN_AIDES_SOIGNANTS in text
    )
    replace_in(path, CAEN_AIDES_SOIGNANTS, CAEN_AIDES_SOIGNANTS.replace(old, new))
    with pytest.raises(TerritoryImportError) as refused:
        services.import_labour_market(directory=folder)
    assert str(refused.value) == f"{BMO_2025}, ligne {line} : {reason}"
    assert caen_aides_soignants().projects == 642


def test_a_repeated_row_is_refused_with_both_lines(territory, mini_copy):
    path = mini_copy / "labour_market" / BMO_2025
    path.write_text(path.read_text(encoding="utf-8") + CAEN_AIDES_SOIGNANTS + "\n", encoding="utf-8")
    with pytest.raises(
        TerritoryImportError, match=r"ligne 1468 : même famille, même bassin et même département qu'à la ligne 1297"
    ):
        services.import_labour_market(directory=mini_copy / "labour_market")


def test_a_missing_column_is_named(territory, mini_copy):
    path = mini_copy / "labour_market" / BMO_2025
    replace_in(path, ",xmet,smet", ",difficiles,smet")
    with pytest.raises(TerritoryImportError, match="ligne 1 : colonnes absentes de l'en-tête : xmet"):
        services.import_labour_market(directory=mini_copy / "labour_market")


def test_one_broken_file_stops_the_whole_import(territory, mini_copy):
    folder = mini_copy / "labour_market"
    text = (folder / CROSSWALK).read_bytes().decode("cp1252")
    kept = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("M1607;"))
    (folder / CROSSWALK).write_bytes(kept.encode("cp1252"))  # a changed, valid crosswalk
    replace_in(folder / BMO_2025, CAEN_AIDES_SOIGNANTS, CAEN_AIDES_SOIGNANTS.replace("642", "-1"))
    with pytest.raises(TerritoryImportError):
        services.import_labour_market(directory=folder)
    assert RomeFap.objects.filter(rome_code="M1607").count() == 10


def test_the_crosswalk_is_read_in_windows_1252(mini_copy):
    path = mini_copy / "labour_market" / CROSSWALK
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    located = next(
        i for i in sources.locate(mini_copy / "labour_market", sources.LABOUR_ROLES) if i.role == "crosswalk"
    )
    rows = sources.read_crosswalk(located)
    assert (rows[0].rome, rows[0].qualification, rows[0].fap) == ("A1408", 0, "A0X41b")


def test_an_unknown_fap_code_in_the_crosswalk_is_refused(territory, mini_copy):
    folder = mini_copy / "labour_market"
    text = (folder / CROSSWALK).read_bytes().decode("cp1252")
    (folder / CROSSWALK).write_bytes(
        text.replace("J1501;", "J1501;", 1).replace("V0X60c", "V0X69z", 1).encode("cp1252")
    )
    with pytest.raises(TerritoryImportError, match="code FAP « V0X69z » absent de la nomenclature FAP 2021"):
        services.import_labour_market(directory=folder)


def test_a_survey_without_any_fap_labels_is_refused(db, tmp_path):
    (tmp_path / BMO_2025).write_bytes((LABOUR_DIR / BMO_2025).read_bytes())
    with pytest.raises(TerritoryImportError, match="les intitulés FAP 2021 manquent"):
        services.import_labour_market(directory=tmp_path)


def test_an_empty_folder_is_refused(db, tmp_path):
    with pytest.raises(TerritoryImportError, match="aucun fichier BMO"):
        services.import_labour_market(directory=tmp_path)
    with pytest.raises(TerritoryImportError, match="fichier introuvable : codes postaux de La Poste"):
        services.import_geo(directory=tmp_path)


def test_a_commune_in_two_zones_is_refused(db, mini_copy):
    path = mini_copy / "geo" / "communes_zones_emploi_2020.csv"
    path.write_text(path.read_text(encoding="utf-8") + "14118,Caen,2805,Rouen,14,28\n", encoding="utf-8")
    with pytest.raises(TerritoryImportError, match=r"ligne 49 : la commune 14118 a une autre valeur à la ligne \d+"):
        services.import_geo(directory=mini_copy / "geo")
    assert not Commune.objects.exists()


def test_a_commune_leaving_the_files_is_kept_inactive_and_a_place_still_points_at_it(territory, mini_copy):
    person = beneficiary()
    services.set_place(person=person, postcode="14400", commune_code="14047")  # Bayeux
    folder = mini_copy / "geo"
    drop_lines(folder / "communes_codes_postaux.csv", lambda line: line.startswith("14047,"))
    drop_lines(folder / "communes_zones_emploi_2020.csv", lambda line: line.startswith("14047,"))
    report = services.import_geo(directory=folder)
    assert report.files[0].counts["communes_deactivated"] == 1
    assert not Commune.objects.get(insee_code="14047").is_active
    assert PersonPlace.objects.get(person=person).commune.insee_code == "14047"
    assert not PostcodeCommune.objects.filter(commune__insee_code="14047").exists()
    assert ZoneEmploi.objects.filter(code="2804").exists()


def test_the_report_has_one_line_per_file_and_the_time(territory):
    lines = services.describe_report(services.import_labour_market(directory=LABOUR_DIR, force=True))
    assert lines[0].startswith("Base_open_data_BMO_2024.csv : enquête BMO 2024 — lignes : 1507, bassins : 9, ")
    assert re.search(r" chiffres de bassin en partie non diffusés : \d+ — importé\.$", lines[0])
    assert lines[-1].startswith("Durée : ")
    assert len(lines) == 5


def test_import_all_twice_keeps_the_same_keys(territory):
    keys = sorted(Commune.objects.values_list("pk", "insee_code"))
    import_all()
    assert sorted(Commune.objects.values_list("pk", "insee_code")) == keys
