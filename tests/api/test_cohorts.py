"""The partner API, for an operator's own software: import a cohort file into a programme it runs (all or nothing,
a report per row), read the enrolments of its programmes (each read in the person's access log)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openbilan.accounts.models import User
from openbilan.enrolments.models import Enrolment
from openbilan.partners import errors
from openbilan.privacy.models import AccessLog
from openbilan.programmes.models import CohortImport
from tests.partners.factories import headers, operator_token_for, partner, token_for

pytestmark = pytest.mark.django_db
HEADER = "external_id,first_name,last_name,email\n"
GOOD = HEADER + "A1,Lina,Morel,lina.morel@example.org\nA2,Noé,Blanc,noe.blanc@example.org\n"
BAD = HEADER + "A1,Lina,Morel,lina.morel@example.org\nA2,Noé,Blanc,pas-une-adresse\n"


def _url(world) -> str:
    return f"/api/v1/programmes/{world.programme.slug}/cohort/"


def _send(client, world, raw, text, **extra):
    return client.post(_url(world), text.encode(), content_type="text/csv", **headers(raw, **extra))


def test_an_operator_imports_a_cohort_file_and_reads_the_enrolments_back(client):
    world = partner()
    _token, raw = operator_token_for(world)
    response = _send(client, world, raw, GOOD)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "programme": world.programme.slug,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "statuses_ignored": False,
    }
    assert CohortImport.objects.get().uploaded_by == world.admin
    listed = client.get("/api/v1/enrolments/", {"programme": world.programme.slug}, **headers(raw)).json()
    assert listed["count"] == 2
    row = next(r for r in listed["results"] if r["external_id"] == "A1")
    assert (row["email"], row["status"], row["programme"]) == (
        "lina.morel@example.org",
        "invited",
        world.programme.slug,
    )
    assert set(row) == {
        "id", "programme", "external_id", "first_name", "last_name", "email", "prescriber", "referred_on",
        "status", "status_changed_at", "consented_at", "completed_at", "dropped_at", "drop_reason", "outcome",
        "outcome_on",
    }  # fmt: skip


def test_a_multipart_upload_is_imported_too(client):
    world = partner()
    _token, raw = operator_token_for(world)
    upload = SimpleUploadedFile("cohorte.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(_url(world), {"file": upload}, **headers(raw))
    assert response.status_code == 201, response.content
    assert CohortImport.objects.get().file_name == "cohorte.csv"


def test_a_row_error_leaves_nothing_saved_and_lists_the_row_in_the_callers_language(client):
    world = partner()
    _token, raw = operator_token_for(world)
    french = _send(client, world, raw, BAD)
    english = _send(client, world, raw, BAD, HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 422
    assert french["Content-Type"] == "application/problem+json"
    assert french.json()["code"] == "cohort_refused"
    assert [(r["line"], r["column"]) for r in french.json()["rows"]] == [(3, "email")]
    assert english["Content-Language"] == "en" and english.json()["title"] == "The file is not imported"
    assert french.json()["rows"][0]["reason"] != english.json()["rows"][0]["reason"]
    assert not Enrolment.objects.exists() and not CohortImport.objects.exists()
    assert not User.objects.filter(email="lina.morel@example.org").exists()


def test_the_same_idempotency_key_imports_once(client):
    world = partner()
    _token, raw = operator_token_for(world)
    first = _send(client, world, raw, GOOD, HTTP_IDEMPOTENCY_KEY="lot-1")
    again = _send(client, world, raw, GOOD, HTTP_IDEMPOTENCY_KEY="lot-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert CohortImport.objects.count() == 1
    other = _send(client, world, raw, BAD, HTTP_IDEMPOTENCY_KEY="lot-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_another_operators_programme_is_not_found(client):
    world, other = partner(), partner()
    _token, other_raw = operator_token_for(other)
    refused = _send(client, world, other_raw, GOOD)
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert not Enrolment.objects.exists()
    _token, raw = operator_token_for(world)
    _send(client, world, raw, GOOD)
    assert client.get("/api/v1/enrolments/", **headers(other_raw)).json()["count"] == 0
    unknown = client.get("/api/v1/enrolments/", {"programme": world.programme.slug}, **headers(other_raw))
    assert unknown.status_code == 400


def test_a_prescriber_token_lacks_the_scope(client):
    world = partner()
    _token, raw = token_for(world)
    refused = _send(client, world, raw, GOOD)
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    assert client.get("/api/v1/enrolments/", **headers(raw)).json()["code"] == "scope_missing"
    assert not Enrolment.objects.exists()


def test_a_prescriber_cannot_be_given_the_cohort_scopes(client):
    world = partner()
    with pytest.raises(errors.NotAllowed, match="opérateur"):
        token_for(world, scopes=["cohorts:read"])


def test_every_person_read_is_written_to_their_access_log(client):
    world = partner()
    _token, raw = operator_token_for(world)
    _send(client, world, raw, GOOD)
    assert not AccessLog.objects.exists()  # an import reads nobody
    client.get("/api/v1/enrolments/", {"page_size": 1}, **headers(raw))
    entry = AccessLog.objects.get()
    assert entry.actor == world.admin and entry.path == "/api/v1/enrolments/"
    assert entry.what == "api_enrolment"  # a label code, read in the person's language; the token is the reason
    assert entry.reason == _token.name and "API" in entry.label
    read = Enrolment.objects.order_by("-created_at", "-pk").first()
    assert entry.subject == read.beneficiary


def test_the_operator_admin_issues_the_cohort_token_on_the_partners_page(client):
    world = partner()
    client.force_login(world.admin)
    operator = world.programme.operator
    response = client.post(
        "/partenaires/", {"organisation": operator.pk, "name": "SI", "scopes": ["cohorts:read"], "days": 30}
    )
    assert response.status_code == 200, response.context["form"].errors
    secret = response.context["secret"]
    assert client.get("/api/v1/enrolments/", **headers(secret)).status_code == 200
    other = partner()  # an admin never issues a token to another operator
    refused = client.post(
        "/partenaires/",
        {"organisation": other.programme.operator.pk, "name": "X", "scopes": ["cohorts:read"], "days": 30},
    )
    assert refused.context["secret"] is None and "organisation" in refused.context["form"].errors
