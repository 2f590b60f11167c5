"""Finding and reading the official export's files (a zip or a folder), and the value parsers. No database."""

import datetime
import unicodedata
import zipfile

import pytest

from openbilan.referential.sources import BadValue, SourceError
from openbilan.training import rncp
from tests.training.conftest import SAMPLE_ZIP


def test_the_sample_zip_has_every_file_of_the_official_export():
    export = rncp.locate_export(SAMPLE_ZIP)
    assert set(export.files) == {
        "standard",
        "rome",
        "formacode",
        "nsf",
        "certifiers",
        "replacements",
        "blocs",
        "access",
    }
    assert export.export_date == datetime.date(2024, 2, 22)
    assert export.files["blocs"].name.endswith("Blocs_De_Compétences_2024_02_22.csv")


def test_the_unzipped_folder_is_found_the_same_way(sample_dir):
    export = rncp.locate_export(sample_dir)
    assert set(export.files) == set(rncp.locate_export(SAMPLE_ZIP).files)


def test_a_decomposed_accent_in_a_file_name_is_recognised(sample_dir):
    blocs = next(sample_dir.glob("*Blocs*"))
    blocs.rename(sample_dir / unicodedata.normalize("NFD", blocs.name))
    assert "blocs" in rncp.locate_export(sample_dir).files


def test_a_missing_file_is_named_with_its_official_name(sample_dir):
    next(sample_dir.glob("*Certificateurs*")).unlink()
    with pytest.raises(SourceError, match="Certificateurs"):
        rncp.locate_export(sample_dir)


def test_two_files_for_one_role_are_refused(sample_dir):
    (sample_dir / "copy").mkdir()
    (sample_dir / "copy" / "export_fiches_CSV_Rome_2024_03_01.csv").write_text("x", encoding="utf-8")
    with pytest.raises(SourceError, match="plusieurs fichiers pour « rome »"):
        rncp.locate_export(sample_dir)


def test_a_file_that_is_neither_a_folder_nor_a_zip_is_refused(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="ni un dossier ni une archive zip"):
        rncp.locate_export(path)


def test_a_truncated_zip_member_is_reported(tmp_path):
    path = tmp_path / "export.zip"
    data = SAMPLE_ZIP.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError):
        export = rncp.locate_export(path)
        rncp.read_csv("rome", export.files["rome"])


def test_the_standard_file_is_read_with_its_types(sample_dir):
    export = rncp.locate_export(sample_dir)
    rows = {row["Numero_Fiche"]: row for row in rncp.read_csv("standard", export.files["standard"])}
    assert rows["RNCP509"]["Nomenclature_Europe_Niveau"] == 3
    assert rows["RNCP19468"]["Nomenclature_Europe_Niveau"] is None  # REPRISE
    assert rows["RS5000"]["Actif"] is True
    assert rows["RNCP509"]["Date_Fin_Enregistrement"] == datetime.date(2023, 8, 31)


def test_sirets_lose_the_tab_the_export_puts_before_them(sample_dir):
    export = rncp.locate_export(sample_dir)
    rows = rncp.read_csv("certifiers", export.files["certifiers"])
    assert rows[0]["Siret_Certificateur"] == "11004301500012"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("NIV5", 5), ("Niveau 6", 6), ("niveau7", 7), ("3", 3), ("", None), ("NR", None), ("REPRISE", None),
     ("non renseigné", None)],
)  # fmt: skip
def test_levels_are_read_in_every_sources_spelling(value, expected):
    assert rncp.level(value) == expected


@pytest.mark.parametrize("value", ["NIV9", "bac+2", "12"])
def test_an_unknown_level_is_refused(value):
    with pytest.raises(BadValue):
        rncp.level(value)


def test_flags_codes_and_labels():
    assert rncp.active_flag("ACTIVE") is True
    assert rncp.active_flag("INACTIVE") is False
    assert rncp.active_flag("NR") is None
    assert rncp.certification_code(" rncp 12 ".replace(" ", "")) == "RNCP12"
    with pytest.raises(BadValue):
        rncp.certification_code("RNCP-12")
    assert rncp.label_after_code("221w : Commercialisation de produits alimentaires") == (
        "Commercialisation de produits alimentaires"
    )
    assert rncp.label_after_code("Installation frigorifique") == "Installation frigorifique"
    assert rncp.date_mdy("8/31/16") == datetime.date(2016, 8, 31)


def test_the_checksum_depends_on_the_bytes_not_the_place(sample_dir, tmp_path):
    zipped = rncp.locate_export(SAMPLE_ZIP)
    unzipped = rncp.locate_export(sample_dir)
    assert rncp.checksum(sorted(zipped.files.items()), "v") == rncp.checksum(sorted(unzipped.files.items()), "v")
    with zipfile.ZipFile(SAMPLE_ZIP) as archive:
        assert len(archive.namelist()) == 10
