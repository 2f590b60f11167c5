import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        OPENBILAN_ENV="production",
        SECRET_KEY="a-production-secret-key-" + "x7Qp" * 12,
        ALLOWED_HOSTS="bilan.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", OPENBILAN_ENV="production", ALLOWED_HOSTS="bilan.example.org", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_demo_refuses_to_load_in_production(tmp_path):
    result = run_manage(
        "load_demo",
        OPENBILAN_ENV="production",
        SECRET_KEY="a-production-secret-key-" + "x7Qp" * 12,
        ALLOWED_HOSTS="bilan.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode != 0
    assert "refusing to load it in production" in result.stderr


def test_passwords_are_hashed_with_argon2():
    from config import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_replica_url_adds_the_replica_database_and_the_router_sends_reporting_reads_to_it(tmp_path):
    script = (
        "from django.conf import settings; from django.db import router; "
        "from openbilan.dbrouters import reporting_reads; from openbilan.enrolments.models import Enrolment; "
        "print(sorted(settings.DATABASES)); "
        "ctx = reporting_reads(); ctx.__enter__(); print(router.db_for_read(Enrolment))"
    )
    result = run_manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        script,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['default',", "'replica']", "replica"]


def test_the_reporting_pages_are_marked_for_the_replica_right_after_authentication():
    from config import settings

    middleware = settings.MIDDLEWARE
    position = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[position + 1] == "openbilan.dbrouters.ReportingReplicaMiddleware"
    assert settings.DATABASE_ROUTERS == ["openbilan.dbrouters.ReportingReplicaRouter"]
