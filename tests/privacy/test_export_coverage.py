"""The export covers what erasure covers: every table whose rows erasure finds for a person (by introspection, so
a model added later is found) is read by the person's export, and each of those domains has its own export.py."""

import importlib.util
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openbilan.privacy import erasure, export
from tests.privacy.world import build


@pytest.fixture
def person(db):
    return build().users["beneficiary"]


def _erased_models(person) -> dict[str, str]:
    enrolment_ids = list(person.enrolments.values_list("pk", flat=True))
    return {model._meta.label_lower: model._meta.db_table for model, _rows in erasure._rows_of(person, enrolment_ids)}


def test_every_domain_holding_personal_rows_has_an_export_module(person):
    domains = {label.split(".")[0] for label in _erased_models(person)} | {"accounts", "privacy"}
    missing = [d for d in sorted(domains) if importlib.util.find_spec(f"openbilan.{d}.export") is None]
    assert not missing, f"no export.py (the person's data export leaves them out): {missing}"
    assert {f"openbilan.{d}.export" for d in domains} <= {module.__name__ for module in export.exporters()}


def test_the_zip_reads_every_table_erasure_deletes_or_blanks(person):
    tables = _erased_models(person)
    tables.update({"privacy.consent": "privacy_consent", "privacy.accesslog": "privacy_accesslog"})
    with CaptureQueriesContext(connection) as queries:
        archive = zipfile.ZipFile(io.BytesIO(export.zip_for(person)))
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    unread = sorted(label for label, table in tables.items() if f'"{table}"' not in sql)
    assert not unread, f"erased but never exported: {unread}"
    names = set(archive.namelist())
    assert {f"{module.NAME}.json" for module in export.exporters()} <= names
    assert json.loads(archive.read("identity.json"))["external_identities"] == []
