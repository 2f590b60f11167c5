"""What the simulated clients read in real pages, the report's statistics, and the rule that the locustfile speaks
HTTP only (locust patches the standard library with gevent: Django must never be imported in its process)."""

import ast
import json
from pathlib import Path

import pytest
from django.test import Client

from loadtest import pages
from loadtest.__main__ import percentile, request_stats
from openbilan.assessments import services as assessments
from tests.assessments.factories import load_instruments, started_attempt
from tests.coaching.factories import followed

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_client_reads_the_questions_and_checked_answers_of_a_questionnaire_page():
    load_instruments()
    attempt = started_attempt()
    assessments.record_answers(attempt=attempt, answers={"R1": 4}, answered_by=attempt.user)
    client = Client()
    client.force_login(attempt.user)
    path = f"/questionnaires/passation/{attempt.pk}/page/1/"
    html = client.get(path).content.decode()
    items, checked = pages.radios(html)
    assert items[0] == "R1" and len(items) == len(set(items)) > 1
    assert checked == {"R1": 4}
    assert pages.page_position(html)[0] == 1
    assert pages.attempt_page(path) == (attempt.pk, 1)


@pytest.mark.django_db
def test_client_reads_the_needs_analysis_version_from_the_page_and_the_autosave_answer():
    enrolment = followed()
    client = Client()
    client.force_login(enrolment.beneficiary)
    path = f"/parcours/{enrolment.pk}/analyse-des-besoins/"
    assert pages.needs_version(client.get(path).content.decode()) == 0
    data = {"needs-version": 0, "needs-needs": "Changer.", "needs-objectives": "", "needs-arrangements": ""}
    answer = client.post(path, data, HTTP_HX_REQUEST="true").content.decode()
    assert pages.needs_version(answer) == 1
    assert 'data-state="saved"' in answer


def test_percentile_is_the_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 0.99)) == (50.0, 95.0, 99.0)
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) == 0.0


def test_request_statistics_per_page_and_per_instance(tmp_path):
    rows = [
        {"n": "beneficiary: home", "ms": float(ms), "s": 200, "b": 8101 + ms % 2, "f": False} for ms in range(1, 21)
    ]
    rows.append({"n": "beneficiary: home", "ms": 900.0, "s": 500, "b": 8101, "f": True})
    (tmp_path / "requests-1.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    stats = request_stats(tmp_path)
    (row,) = stats["rows"]
    assert (row["requests"], row["failures"], row["server_errors"], row["max"]) == (21, 1, 1, 900.0)
    assert row["p50"] == 11.0
    assert stats["backends"] == {"8101": 11, "8102": 10}


def test_the_locustfile_never_imports_django():
    modules = set()
    for name in ("locustfile.py", "pages.py", "__main__.py"):
        tree = ast.parse((ROOT / "loadtest" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules.add(node.module)
    assert not {module for module in modules if module.split(".")[0] in ("django", "openbilan", "config")}


def test_simulated_coach_computes_the_code_django_otp_expects():
    from django_otp.oath import TOTP

    key = "3132333435363738393031323334353637383930"  # RFC 6238's test key
    for moment in (59, 1111111109, 2000000000):
        reference = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
        reference.time = moment
        assert pages.totp(key, moment) == f"{reference.token():06d}"
    assert pages.totp(key, 59) == "287082"  # RFC 6238, appendix B (the last 6 of 94287082)
