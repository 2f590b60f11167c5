"""`import_certifications` on the format-exact sample of the official export: what it keeps, all or nothing, the
report per line, the checksum skip."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openbilan.training import services
from openbilan.training.errors import CertificationImportError
from openbilan.training.models import (
    Bloc,
    Certification,
    CertificationImport,
    CertificationRomeCode,
    Certifier,
    Replacement,
    Status,
)
from tests.referential.helpers import replace_in
from tests.training.conftest import SAMPLE_ZIP


def snapshot():
    return (
        sorted(Certification.objects.values_list("pk", "code", "title", "status")),
        sorted(CertificationRomeCode.objects.values_list("certification__code", "code")),
        Bloc.objects.count(),
        Certifier.objects.count(),
        sorted(Replacement.objects.values_list("old__code", "new__code")),
    )


def test_the_format_exact_sample_imports(sample_imported):
    assert sample_imported.export_date == datetime.date(2024, 2, 22)
    codes = set(Certification.objects.values_list("code", flat=True))
    # Every code of the ten files, the replacement target RNCP38228 that has no other row included.
    assert codes == {
        "RNCP509", "RNCP1197", "RNCP4049", "RNCP22094", "RNCP28155", "RNCP30271", "RNCP19468", "RNCP38228",
        "RS5000", "RS6117",
    }  # fmt: skip
    extincteurs = Certification.objects.get(code="RNCP509")
    assert extincteurs.title == "Agent vérificateur d'appareils extincteurs"
    assert (extincteurs.level, extincteurs.title_source, extincteurs.level_source) == (3, "standard", "standard")
    assert extincteurs.valid_until == datetime.date(2023, 8, 31)
    assert extincteurs.vae is True  # "Par expérience" in VoixdAccès
    assert extincteurs.nsf == [["251", "Mécanique générale et de précision, usinage"]]
    assert extincteurs.formacodes == [["42872", "Sécurité incendie"]]
    assert Bloc.objects.filter(certification=extincteurs).count() == 6
    assert list(Certifier.objects.filter(certification=extincteurs).values_list("siret", "name")) == [
        ("11004301500012", "MINISTERE DE L'EDUCATION NATIONALE ET DE LA JEUNESSE")
    ]
    assert Certification.objects.get(code="RS5000").registry == "RS"
    assert Certification.objects.get(code="RNCP19468").level is None  # REPRISE: no level


def test_replacements_point_to_the_newer_certification(sample_imported):
    assert set(Replacement.objects.values_list("old__code", "new__code")) == {
        ("RNCP509", "RNCP38228"), ("RNCP1197", "RNCP4049"), ("RNCP4049", "RNCP22094"), ("RNCP22094", "RNCP28155"),
        ("RNCP28155", "RNCP30271"), ("RNCP19468", "RS6117"),
    }  # fmt: skip
    statuses = dict(Certification.objects.values_list("code", "status"))
    assert statuses["RNCP509"] == statuses["RNCP28155"] == statuses["RNCP19468"] == Status.REPLACED
    assert statuses["RNCP30271"] == Status.INACTIVE  # the end of its chain, INACTIVE in the Standard file
    assert statuses["RS6117"] == statuses["RS5000"] == Status.CURRENT
    assert statuses["RNCP38228"] == Status.CURRENT  # named as the new version, nothing says otherwise


def test_rome_codes_are_kept_as_given_with_their_scope(sample_imported):
    assert set(CertificationRomeCode.objects.filter(certification__code="RNCP4049").values_list("code", "scope")) == {
        ("D1407", "code"),
        ("D1406", "code"),
        ("H1102", "code"),
    }


def test_the_folder_gives_the_same_certifications_as_the_zip(db, sample_dir):
    services.import_certifications(path=sample_dir)
    from_folder = snapshot()
    services.import_certifications(path=SAMPLE_ZIP)
    assert snapshot() == from_folder


def test_a_second_import_writes_nothing_and_keeps_every_key(sample_imported):
    before = snapshot()
    report = services.import_certifications(path=SAMPLE_ZIP)
    assert not any(report.changes.values())
    assert snapshot() == before


def test_the_same_files_are_recognised_by_their_checksum(sample_imported, sample_dir):
    assert services.is_imported(path=SAMPLE_ZIP)
    assert services.is_imported(path=sample_dir)  # same bytes, another place
    replace_in(next(sample_dir.glob("*Standard*")), "CQP Tourier", "CQP Tourier (bis)")
    assert not services.is_imported(path=sample_dir)


def test_a_dry_run_checks_and_writes_nothing(db):
    report = services.import_certifications(path=SAMPLE_ZIP, dry_run=True)
    assert report.counts["certifications"] == 10 and not report.written
    assert not Certification.objects.exists() and not CertificationImport.objects.exists()


def test_a_certification_that_leaves_the_export_is_kept_as_withdrawn(sample_imported, sample_dir):
    for path in sample_dir.glob("*.csv"):
        path.write_text(
            "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if "RS5000" not in line),
            encoding="utf-8",
        )
    pk = Certification.objects.get(code="RS5000").pk
    services.import_certifications(path=sample_dir)
    kept = Certification.objects.get(code="RS5000")
    assert (kept.pk, kept.status) == (pk, Status.WITHDRAWN)


@pytest.mark.parametrize(
    ("pattern", "old", "new", "expected"),
    [
        ("*Rome*", '"RNCP4049";"D1406"', '"RNCP4049";"D1406";"x"', "Rome_2024_02_22.csv, ligne 4 : Champs attendus"),
        ("*Rome*", '"RNCP4049";"D1406"', '"RNCP4049";"Q99"', "ligne 4 : « Q99 » n'est ni un code ROME"),
        ("*Standard*", '"RNCP4049"', '"RNCP-4049"', "Standard_2024_02_22.csv, ligne 4 : colonne « Numero_Fiche »"),
        ("*Standard*", '"02/02/2015"', '"31/02/2015"', "ligne 4 : colonne « Date_Fin_Enregistrement »"),
        ("*Standard*", '"NIV6";"Niveau 6";"Non";"Non";"02/02/2011"', '"NIV9";"Niveau 9";"Non";"Non";"02/02/2011"',
         "ligne 4 : colonne « Nomenclature_Europe_Niveau » : niveau « NIV9 » inconnu"),
        ("*Certificateurs*", '"\t82948645500019"', '"ESCAIA"', "ligne 3 : colonne « Siret_Certificateur »"),
        ("*Ancienne*", '"RNCP38228";"RNCP509";', '"RNCP38228";"RNCP509";"RNCP509"',
         "Ancienne_Nouvelle_Certification_2024_02_22.csv, ligne 3 : remplacements en boucle"),
        ("*Ancienne*", '"RS6117";"RNCP19468";', '"RS6117";"RS6117";', "ligne 10 : « RS6117 » se remplace elle-même"),
        ("*Blocs*", '"RNCP509BC06"', '"RNCP509BC05"', "ligne 3 : « RNCP509BC05 » apparaît deux fois"),
    ],
)  # fmt: skip
def test_a_broken_file_imports_nothing_and_names_its_line(sample_imported, sample_dir, pattern, old, new, expected):
    before = snapshot()
    replace_in(next(sample_dir.glob(pattern)), old, new)
    with pytest.raises(CertificationImportError) as caught:
        services.import_certifications(path=sample_dir)
    assert expected in str(caught.value)
    assert snapshot() == before
    assert CertificationImport.objects.count() == 1


def test_a_file_that_is_not_utf8_names_its_line(db, sample_dir):
    path = next(sample_dir.glob("*Nsf*"))
    path.write_bytes(path.read_bytes().replace("Mécanique".encode(), "Mécanique".encode("latin-1")))
    with pytest.raises(
        CertificationImportError, match=re.escape("Nsf_2024_02_22.csv, ligne 2 : le texte n'est pas en UTF-8")
    ):
        services.import_certifications(path=sample_dir)
    assert not Certification.objects.exists()


def test_the_command_prints_the_report_and_refuses_a_broken_file(db, sample_dir, capsys):
    call_command("import_certifications", str(SAMPLE_ZIP))
    out = capsys.readouterr().out
    assert "Export RNCP/RS du 22/02/2024" in out and "Certifications : 10 (en vigueur : 3, remplacées : 6" in out
    replace_in(next(sample_dir.glob("*Rome*")), '"D1102"', '"D11"')
    replace_in(next(sample_dir.glob("*Rome*")), '"D1104"', '"Z1104"')
    with pytest.raises(CommandError, match=re.escape("Rome_2024_02_22.csv, ligne 16 : « Z1104 »")):
        call_command("import_certifications", str(sample_dir))


def test_the_error_reads_in_english_too(db, sample_dir):
    from django.utils import translation

    replace_in(next(sample_dir.glob("*Rome*")), '"D1104"', '"Z1104"')
    with translation.override("en"), pytest.raises(CertificationImportError) as caught:
        services.import_certifications(path=sample_dir)
    assert "line 16" in str(caught.value)


def test_rome_links_unknown_to_the_loaded_referential_are_reported_per_line(referential):
    report = services.import_certifications(path=SAMPLE_ZIP)
    # The small referential only knows D1102 of the sample's codes.
    assert report.warning_count == 14
    assert (
        "Rome_2024_02_22.csv, ligne 2 : code ROME « I1203 » inconnu du ROME chargé (lien conservé)"
        in (report.warnings[0])
    )
    lines = services.describe_certification_report(report)
    assert any("ligne 2" in line for line in lines)
