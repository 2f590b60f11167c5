"""`manage.py evaluate_recommendations PERSONAS.json`: figures printed, invalid files named precisely."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.recommendations.factories import referential

pytestmark = pytest.mark.django_db
SMALL = Path(__file__).parent / "fixtures" / "personas_small.json"


@pytest.fixture
def rome():
    return referential()


def _run(path, capsys):
    call_command("evaluate_recommendations", str(path), "--repeat", "1")
    return capsys.readouterr().out


def test_prints_hit_at_10_violations_and_median_time(rome, capsys):
    out = _run(SMALL, capsys)
    assert "hit@10: 2/2 = 100.0%" in out
    assert "constraint violations in the top 10: 0" in out
    assert "median ranking time:" in out
    assert "personas: 3 (2 with an expected occupation)" in out


def _write(tmp_path, personas):
    path = tmp_path / "personas.json"
    path.write_text(json.dumps({"personas": personas}), encoding="utf-8")
    return path


def _persona(**changes):
    persona = json.loads(SMALL.read_text(encoding="utf-8"))["personas"][0]
    persona.update(changes)
    return persona


@pytest.mark.parametrize(
    ("changes", "persona", "field"),
    [
        ({"riasec": {"R": 10, "I": 10, "A": 10, "S": 10, "E": 10}}, "vendeuse-formatrice", "riasec"),
        ({"riasec": {"R": 10, "I": 10, "A": 10, "S": 120, "E": 10, "C": 1}}, "vendeuse-formatrice", "riasec.S"),
        ({"work_values": ["money"]}, "vendeuse-formatrice", "work_values"),
        ({"centres_interet": ["99"]}, "vendeuse-formatrice", "centres_interet"),
        ({"past_appellations": [1]}, "vendeuse-formatrice", "past_appellations"),
        ({"skills": "all"}, "vendeuse-formatrice", "skills"),
        (
            {
                "imperatives": {
                    "excluded_contexts": [],
                    "qualification_level": "9",
                    "max_training": "any",
                    "self_employment": "no",
                }
            },
            "vendeuse-formatrice",
            "imperatives.qualification_level",
        ),
        (
            {
                "imperatives": {
                    "excluded_contexts": ["nuit"],
                    "qualification_level": "4",
                    "max_training": "any",
                    "self_employment": "no",
                }
            },
            "vendeuse-formatrice",
            "imperatives.excluded_contexts",
        ),
        ({"expect": {"any_in_top10": ["Z9999"], "never": []}}, "vendeuse-formatrice", "expect.any_in_top10"),
        ({"colour": "blue"}, "vendeuse-formatrice", "colour"),
        ({"id": ""}, "#1", "id"),
    ],
)
def test_invalid_persona_names_persona_and_field_and_exits_with_2(rome, tmp_path, changes, persona, field):
    path = _write(tmp_path, [_persona(**changes)])
    with pytest.raises(CommandError) as raised:
        call_command("evaluate_recommendations", str(path))
    assert raised.value.returncode == 2
    assert f"persona « {persona} », champ « {field} »" in str(raised.value)


def test_missing_field_is_named(rome, tmp_path):
    persona = _persona()
    del persona["expect"]
    with pytest.raises(CommandError, match="champ « expect » : champ manquant"):
        call_command("evaluate_recommendations", str(_write(tmp_path, [persona])))


def test_duplicate_ids_are_refused(rome, tmp_path):
    with pytest.raises(CommandError, match="identifiant est déjà utilisé"):
        call_command("evaluate_recommendations", str(_write(tmp_path, [_persona(), _persona()])))


def test_broken_json_and_missing_file_exit_with_2(rome, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON invalide, ligne 1") as raised:
        call_command("evaluate_recommendations", str(path))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as raised:
        call_command("evaluate_recommendations", str(tmp_path / "absent.json"))
    assert raised.value.returncode == 2


def test_a_never_occupation_in_the_top_10_is_a_violation(rome, tmp_path, capsys):
    persona = _persona(expect={"any_in_top10": ["K2111"], "never": ["K2111"]})
    with pytest.raises(CommandError) as raised:
        call_command("evaluate_recommendations", str(_write(tmp_path, [persona])), "--repeat", "1")
    assert raised.value.returncode == 1
    assert "K2111 (never)" in capsys.readouterr().out


def test_empty_referential_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("evaluate_recommendations", str(SMALL))


def test_the_interest_only_set_prints_hit_at_10_and_ndcg_against_both_sources(rome, tmp_path, capsys):
    from openbilan.recommendations import simulation

    path = tmp_path / "interests.json"
    path.write_text(json.dumps(simulation.interest_file(simulation.VARIANTS[0], clear=6, flat=2, seed=4)))
    call_command("evaluate_recommendations", str(path))
    out = capsys.readouterr().out
    assert "clear profiles: 6, flat profiles: 2" in out
    assert "hit@10 against ROME's letters:" in out and "nDCG@10" in out
    assert "hit@10 against the O*NET-derived letters:" in out


def test_generate_writes_a_set_the_command_reads_back(rome, tmp_path, capsys):
    path = tmp_path / "new.json"
    call_command("evaluate_recommendations", str(path), "--generate", "--seed", "3")
    data = json.loads(path.read_text())
    assert data["kind"] == "interest-personas" and len(data["personas"]) == 360


def test_written_personas_print_hit_at_10_after_three_reactions(rome, capsys):
    out = _run(SMALL, capsys)
    assert "hit@10 after three simulated reactions:" in out
