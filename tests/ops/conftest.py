"""Operations tests. The backup and restore drill (marker `drill`) needs PostgreSQL: `make test-drill` runs it under
scripts/with-postgres.sh. On another database it fails and says so; it is never skipped."""

import pytest
from django.db import connection


def pytest_configure(config):
    config.addinivalue_line("markers", "drill: the backup and restore drill, PostgreSQL only (run by make test-drill)")


@pytest.fixture
def postgres():
    """The drill's database settings; a clear failure (not a skip) on any database but PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail(
            "The backup and restore drill needs PostgreSQL: run `make test-drill` "
            "(scripts/with-postgres.sh .venv/bin/pytest -m drill).",
            pytrace=False,
        )
    return connection.settings_dict
