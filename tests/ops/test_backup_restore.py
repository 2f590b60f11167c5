"""The backup and restore drill (PostgreSQL only, `make test-drill`): a small dataset, the programme report before,
scripts/backup.sh, scripts/restore.sh into a fresh database, the same report after, and every table identical."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from openbilan.assessments.models import Attempt
from openbilan.coaching import services as coaching
from openbilan.journeys import services as journeys
from openbilan.journeys.models import NeedsAnalysis
from openbilan.programmes import synthetic
from tests.assessments.factories import finished_attempt, load_instruments
from tests.coaching.factories import followed
from tests.programmes.factories import ProgrammeFactory

pytestmark = [pytest.mark.drill, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _url(settings: dict, name: str) -> str:
    user = quote(settings["USER"] or "postgres")
    password = f":{quote(settings['PASSWORD'])}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or settings.get("OPTIONS", {}).get("host") or ""
    if host.startswith("/"):  # a Unix socket folder
        return f"postgres://{user}{password}@/{name}?host={quote(host)}"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{user}{password}@{host or 'localhost'}{port}/{name}"


def _admin(settings: dict):
    return psycopg.connect(_url(settings, "postgres"), autocommit=True)


def _run(*command, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "PYTHON": sys.executable}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _report(url: str, slug: str, path: Path) -> dict:
    result = _run(
        sys.executable, "manage.py", "programme_report", slug, "--format", "json", "--output", str(path), url=url
    )
    assert result.returncode == 0, result.stderr
    return json.loads(path.read_text(encoding="utf-8"))


def _fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Every table of the schema public: its row count and a digest of its rows."""
    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        ]
        result = {}
        for table in tables:
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t")
            result[table] = tuple(connection.execute(query.format(sql.Identifier(table))).fetchone())
        return result


@pytest.fixture
def dataset():
    """A programme of 300 generated people (every status, outcomes, evaluations), plus one followed person with a
    finished questionnaire, a needs analysis and messages both ways."""
    load_instruments()
    programme = ProgrammeFactory(slug="exercice-restauration")
    synthetic.generate(programme=programme, size=300, seed=5)
    enrolment = followed(programme=programme)
    person = enrolment.beneficiary
    finished_attempt(person)
    journeys.save_entry(
        journey=enrolment.journey, model=NeedsAnalysis, version=0, values={"needs": "Changer de métier."}, actor=person
    )
    coaching.send_message(enrolment=enrolment, sender=person, body="Bonjour", notify=False)
    coaching.send_message(enrolment=enrolment, sender=enrolment.coach, body="Bonjour à vous", notify=False)
    return programme


def test_programme_report_and_every_table_identical_after_backup_and_restore(postgres, dataset, tmp_path):
    source = _url(postgres, postgres["NAME"])
    before = _report(source, dataset.slug, tmp_path / "before.json")
    assert before["enrolled"] == 301 and Attempt.objects.filter(finished_at__isnull=False).exists()

    archive = tmp_path / "drill.dump"
    backup = _run("scripts/backup.sh", str(archive), url=source)
    assert backup.returncode == 0, backup.stderr
    assert archive.stat().st_size > 0 and not Path(f"{archive}.partial").exists()

    name = f"{postgres['NAME']}_restored_{os.getpid()}"
    with _admin(postgres) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = _url(postgres, name)
    try:
        restore = _run("scripts/restore.sh", str(archive), target, url=source)
        assert restore.returncode == 0, restore.stderr
        after = _report(target, dataset.slug, tmp_path / "after.json")
        assert after == before
        assert _fingerprints(target) == _fingerprints(source)
    finally:
        with _admin(postgres) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_restore_refuses_a_database_that_is_not_empty(postgres, tmp_path):
    source = _url(postgres, postgres["NAME"])
    archive = tmp_path / "drill.dump"
    assert _run("scripts/backup.sh", str(archive), url=source).returncode == 0
    refused = _run("scripts/restore.sh", str(archive), source, url=source)
    assert refused.returncode == 3
    assert "not empty" in refused.stderr
