"""`manage.py certifications ROME_CODE [--level N] --format json`: the current certifications of an occupation."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.training.factories import CertificationFactory, replace


@pytest.fixture
def certifications(referential):
    old = CertificationFactory(code="RNCP1", number=1, title="Ancien titre", level=4, rome=["K1207"])
    new = CertificationFactory(
        code="RNCP2", number=2, title="Nouveau titre", level=4, rome=["K1207"], certifiers=["Ministère", "École"]
    )
    replace(old, new)
    CertificationFactory(code="RNCP3", number=3, title="Titre supérieur", level=6, rome=["K1207"], is_active=None)


def run(*args) -> list:
    from io import StringIO

    out = StringIO()
    call_command("certifications", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_json_has_exactly_the_issues_shape(certifications):
    assert run("K1207", "--format", "json") == [
        {
            "code": "RNCP2",
            "title": "Nouveau titre",
            "level": 4,
            "active": True,
            "replaces": ["RNCP1"],
            "certifiers": ["Ministère", "École"],
        },
        {"code": "RNCP3", "title": "Titre supérieur", "level": 6, "active": None, "replaces": [], "certifiers": []},
    ]


def test_level_keeps_that_level(certifications):
    assert [row["code"] for row in run("K1207", "--level", "6", "--format", "json")] == ["RNCP3"]
    assert [row["code"] for row in run("k1207", "--level", "5", "--spread", "1", "--format", "json")] == [
        "RNCP2",
        "RNCP3",
    ]


def test_an_unknown_code_exits_with_status_2(referential):
    with pytest.raises(CommandError) as caught:
        call_command("certifications", "Z9999", "--format", "json")
    assert caught.value.returncode == 2


def test_the_command_line_exits_with_status_2(referential, capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", "certifications", "Z9999", "--format", "json"]).execute()
    assert caught.value.code == 2
    assert "Unknown ROME code" in capsys.readouterr().err


def test_the_text_format_lists_one_line_per_certification(certifications, capsys):
    call_command("certifications", "K1207")
    out = capsys.readouterr().out
    assert "RNCP2\tniveau 4\tNouveau titre\tMinistère, École" in out and "2 certification(s)." in out
