"""The partner API: a prescriber organisation refers people and reads what became of its own referrals only."""

import pytest
from django.utils import timezone

from openbilan.enrolments import services as enrolment_services
from openbilan.partners.models import ApiCall, Scope
from openbilan.privacy.models import Purpose
from openbilan.privacy.services import set_consent
from openbilan.programmes.models import Referral
from tests.partners.factories import expire, headers, partner, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"
PERSON = {"programme": None, "first_name": "Lina", "last_name": "Morel", "email": "lina.morel@example.org"}


def _person(world, **extra):
    return {**PERSON, "programme": world.programme.slug, **extra}


def _post(client, raw, body, **extra):
    return client.post(URL, body, content_type="application/json", **headers(raw, **extra))


def test_a_prescriber_refers_a_person_and_reads_the_referral_back(client):
    world = partner()
    _token, raw = token_for(world)
    response = _post(client, raw, _person(world, postcode="14000"))
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.prescriber == world.prescriber and referral.created_by is None
    assert referral.state == Referral.State.INVITED and referral.postcode == "14000"
    assert body["follow_up"] == {
        "shared": False,
        "status": None,
        "status_changed_at": None,
        "outcome": None,
        "outcome_on": None,
    }
    assert response["Location"].endswith(f"{URL}{referral.pk}/")
    assert client.get(f"{URL}{referral.pk}/", **headers(raw)).json()["id"] == referral.pk
    assert [row["id"] for row in client.get(URL, **headers(raw)).json()["results"]] == [referral.pk]


def test_the_same_idempotency_key_returns_the_same_referral_without_a_duplicate(client):
    world = partner()
    _token, raw = token_for(world)
    first = _post(client, raw, _person(world), HTTP_IDEMPOTENCY_KEY="cle-1")
    again = _post(client, raw, _person(world), HTTP_IDEMPOTENCY_KEY="cle-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1
    other = _post(client, raw, _person(world, first_name="Autre"), HTTP_IDEMPOTENCY_KEY="cle-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Referral.objects.count() == 1


def test_the_status_is_shown_only_when_the_person_shares_it_with_this_prescriber(client):
    world = partner()
    _token, raw = token_for(world)
    referral = Referral.objects.get(pk=_post(client, raw, _person(world)).json()["id"])
    enrolment = referral.enrolment
    enrolment_services.accept_invitation(enrolment=enrolment, actor=enrolment.beneficiary, consent=True)
    assert client.get(f"{URL}{referral.pk}/", **headers(raw)).json()["follow_up"]["shared"] is False
    set_consent(person=enrolment.beneficiary, purpose=Purpose.PRESCRIBER_INFO, granted=True)
    follow_up = client.get(f"{URL}{referral.pk}/", **headers(raw)).json()["follow_up"]
    assert follow_up["shared"] is True and follow_up["status"] == "active"


def test_another_organisations_token_never_sees_these_referrals(client):
    world, other = partner(), partner()
    _token, raw = token_for(world)
    _other_token, other_raw = token_for(other)
    referral_id = _post(client, raw, _person(world)).json()["id"]
    assert client.get(f"{URL}{referral_id}/", **headers(other_raw)).status_code == 404
    assert client.get(URL, **headers(other_raw)).json()["results"] == []
    refused = _post(client, other_raw, _person(world))  # a programme that does not list the other organisation
    assert refused.status_code == 400 and "programme" in refused.json()["errors"]


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "missing"])
def test_an_expired_revoked_unknown_or_missing_token_is_refused_as_a_problem(client, state):
    world = partner()
    token, raw = token_for(world)
    if state == "expired":
        expire(token)
    elif state == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif state == "unknown":
        raw = raw[:-4] + "abcd"
    response = client.get(URL) if state == "missing" else client.get(URL, **headers(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    problem = response.json()
    assert problem["status"] == 401 and problem["type"].startswith("urn:openbilan:problem:")


def test_a_token_without_the_scope_is_refused(client):
    world = partner()
    _token, raw = token_for(world, scopes=[Scope.REFERRALS_READ])
    response = _post(client, raw, _person(world))
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"


def test_errors_speak_french_by_default_and_english_when_asked(client):
    world = partner()
    _token, raw = token_for(world)
    french = _post(client, raw, {"programme": world.programme.slug})
    english = _post(client, raw, {"programme": world.programme.slug}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert french.status_code == english.status_code == 400
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert french.json()["title"] == "Certaines valeurs sont refusées"
    assert english.json()["title"] == "Some values are refused"
    assert english.json()["errors"]["email"] == ["This field is required."]


def test_malformed_json_and_huge_ids_are_problems_not_server_errors(client):
    world = partner()
    _token, raw = token_for(world)
    bad = client.post(URL, "{", content_type="application/json", **headers(raw))
    assert bad.status_code == 400 and bad.json()["code"] == "malformed"
    assert client.get(f"{URL}{10**30}/", **headers(raw)).status_code == 404
    assert client.get(f"{URL}abc/", **headers(raw)).status_code == 404
    lost = client.get("/api/v1/nulle-part/", **headers(raw))
    assert lost.status_code == 404 and lost["Content-Type"] == "application/problem+json"


def test_every_call_is_in_the_access_log_with_its_token(client):
    world = partner()
    token, raw = token_for(world)
    client.get(URL, **headers(raw))
    client.get(URL)
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.token_id, c.status_code, c.path) for c in calls] == [(token.pk, 200, URL), (None, 401, URL)]
    assert calls[0].organisation_id == world.prescriber.pk


def test_past_the_rate_limit_the_api_answers_429_with_retry_after(client, settings):
    settings.OPENBILAN_RATE_LIMITS = {"api": (2, 60)}
    world = partner()
    _token, raw = token_for(world)
    assert [client.get(URL, **headers(raw)).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(URL, **headers(raw))
    assert refused["Retry-After"] == "60" and refused.json()["code"] == "rate_limited"


def test_the_schema_and_its_documentation_are_served_without_any_cdn(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/referrals/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in page
    assert "https://" not in page
    assert client.get("/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js").status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_person_is_already_known(client):
    """Issue 16, finding 5, through the API: a referral the operator checks as a possible duplicate (known address,
    any case) reads like any other; only its id and the names the prescriber sent differ."""
    world = partner()
    _token, raw = token_for(world)
    known = _post(client, raw, _person(world)).json()
    again = _post(client, raw, _person(world, email=PERSON["email"].upper())).json()
    assert Referral.objects.get(pk=again["id"]).state == Referral.State.REVIEW  # the operator still checks it
    assert {k: v for k, v in again.items() if k not in ("id", "created_at", "email")} == {
        k: v for k, v in known.items() if k not in ("id", "created_at", "email")
    }
    assert again["state"] == "invited"
    listed = {row["id"]: row["state"] for row in client.get(URL, **headers(raw)).json()["results"]}
    assert listed == {known["id"]: "invited", again["id"]: "invited"}
