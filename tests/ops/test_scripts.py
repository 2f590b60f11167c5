"""The backup and restore scripts refuse what they cannot do, before touching anything (any database)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*command, url: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if url is not None:
        env["DATABASE_URL"] = url
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = _run("scripts/backup.sh", str(tmp_path / "x.dump"), url="sqlite:///var/openbilan.sqlite3")
    assert result.returncode == 2
    assert "PostgreSQL" in result.stderr
    assert not (tmp_path / "x.dump").exists()


def test_backup_refuses_without_a_database_url(tmp_path):
    assert _run("scripts/backup.sh", str(tmp_path / "x.dump")).returncode == 2


def test_restore_without_a_file_prints_its_usage():
    result = _run("scripts/restore.sh")
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_restore_refuses_a_target_that_is_not_postgresql(tmp_path):
    archive = tmp_path / "x.dump"
    archive.write_bytes(b"PGDMP")
    result = _run("scripts/restore.sh", str(archive), "sqlite:///var/openbilan.sqlite3")
    assert result.returncode == 2


def test_restore_refuses_a_missing_archive(tmp_path):
    result = _run("scripts/restore.sh", str(tmp_path / "missing.dump"), "postgres://postgres@/nothing")
    assert result.returncode == 2
    assert "cannot read" in result.stderr
