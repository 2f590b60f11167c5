"""The management commands: labour_market (JSON shape, exit status 2), the importers, the reference hook."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openbilan.territory import reference
from openbilan.territory.models import HiringDemand, SourceFile
from tests.territory.conftest import GEO_DIR, LABOUR_DIR


def run(capsys, *args):
    call_command("labour_market", *args)
    return capsys.readouterr().out


def test_the_json_has_exactly_the_issues_shape(territory, capsys):
    data = json.loads(run(capsys, "J1501", "--commune", "14118", "--format", "json"))
    assert data == {
        "year": 2025,
        "bassin": {"code": "2817", "name": "CAEN"},
        "families": [{"fap": "V0X60", "name": "Aides-soignants", "projects": 642, "difficult": 315, "seasonal": 29}],
    }


def test_null_where_the_survey_does_not_publish(territory, capsys):
    data = json.loads(run(capsys, "M1607", "--commune", "14118", "--format", "json"))
    secretaries = {f["fap"]: f for f in data["families"]}["L3X80"]
    assert (secretaries["projects"], secretaries["difficult"], secretaries["seasonal"]) == (32, None, None)


def test_a_qualification_level_and_a_year_can_be_asked(territory, capsys):
    data = json.loads(
        run(capsys, "M1607", "--commune", "76540", "--qualification", "9", "--year", "2024", "--format", "json")
    )
    assert data["year"] == 2024 and [f["fap"] for f in data["families"]] == ["L5X90"]


def test_the_text_format_says_non_diffuse(territory, capsys):
    out = run(capsys, "M1607", "--commune", "14118")
    assert out.splitlines()[0] == "BMO 2025 · Caen · CAEN"
    expected = "L3X80 Secrétaires de direction — projets : 32, dont difficiles : non diffusé, saisonniers : non diffusé"
    assert expected in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Z9999", "--commune", "14118"], "Code ROME inconnu : Z9999."),
        (["J1501", "--commune", "99999"], "Commune inconnue : 99999."),
        (["J1501", "--commune", "14118", "--year", "2019"], "Pas d'enquête BMO 2019. Enquêtes importées : 2025, 2024."),
    ],
)
def test_an_unknown_code_commune_or_year_exits_with_status_2(territory, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("labour_market", *args, "--format", "json")
    assert refused.value.returncode == 2
    assert str(refused.value) == message


def test_the_import_commands_print_a_line_per_file_and_fail_with_the_reason(db, capsys, tmp_path):
    call_command("import_geo", str(GEO_DIR))
    call_command("import_labour_market", str(LABOUR_DIR))
    out = capsys.readouterr().out
    assert "communes_codes_postaux.csv : codes postaux — lignes : 56, communes : 47 — importé." in out
    assert "Base_open_data_BMO_2025.csv : enquête BMO 2025 — lignes : 1466, bassins : 9" in out
    call_command("import_labour_market", str(LABOUR_DIR))
    assert "Base_open_data_BMO_2025.csv : inchangé depuis le dernier import, ignoré." in capsys.readouterr().out
    with pytest.raises(CommandError, match="aucun fichier BMO"):
        call_command("import_labour_market", str(tmp_path))


def test_the_reference_hook_imports_once_then_says_it_is_up_to_date(db, monkeypatch):
    monkeypatch.setattr(reference, "GEO_DIR", GEO_DIR)
    monkeypatch.setattr(reference, "LABOUR_MARKET_DIR", LABOUR_DIR)
    lines = []

    class Out:
        def write(self, line):
            lines.append(line)

    reference.load(Out())
    assert HiringDemand.objects.exists() and SourceFile.objects.count() == 5
    lines.clear()
    reference.load(Out())
    assert lines == ["Communes et besoins de recrutement déjà à jour (mêmes fichiers)."]
