"""The partner API's permission matrix: every operation × token (each scope alone, every scope, another
organisation's, expired, revoked, none; the operator's own cohort tokens and another operator's). A session of any
role gets 401 (tests/privacy/test_permission_matrix.py)."""

import pytest
from django.utils import timezone

from openbilan.partners import webhooks
from openbilan.partners.models import Scope, WebhookEndpoint
from openbilan.programmes.models import Referral
from openbilan.reporting import services as reporting
from tests.partners.factories import expire, funder_token_for, headers, operator_token_for, partner, token_for

pytestmark = pytest.mark.django_db

TOKENS = (
    "all",
    "read",
    "write",
    "webhooks",
    "other_organisation",
    "funder",
    "other_funder",
    "expired",
    "revoked",
    "none",
    "cohorts",
    "cohorts_read",
    "cohorts_write",
    "other_operator",
)
# Expected status per token, in the order of TOKENS.
MATRIX = {
    "GET programmes": (200, 200, 200, 403, 200, 403, 403, 401, 401, 401, 200, 200, 200, 200),
    "GET referrals": (200, 200, 403, 403, 200, 403, 403, 401, 401, 401, 403, 403, 403, 403),
    "POST referrals": (201, 403, 201, 403, 400, 403, 403, 401, 401, 401, 403, 403, 403, 403),
    "GET referral": (200, 200, 403, 403, 404, 403, 403, 401, 401, 401, 403, 403, 403, 403),
    "GET webhooks": (200, 403, 403, 200, 200, 403, 403, 401, 401, 401, 403, 403, 403, 403),
    "POST webhooks": (201, 403, 403, 201, 201, 403, 403, 401, 401, 401, 403, 403, 403, 403),
    "DELETE webhook": (204, 403, 403, 204, 404, 403, 403, 401, 401, 401, 403, 403, 403, 403),
    "GET publications": (403, 403, 403, 403, 403, 200, 200, 401, 401, 401, 403, 403, 403, 403),
    "GET publication": (403, 403, 403, 403, 403, 200, 404, 401, 401, 401, 403, 403, 403, 403),
    "GET enrolments": (403, 403, 403, 403, 403, 403, 403, 401, 401, 401, 200, 200, 403, 200),
    "POST cohort": (403, 403, 403, 403, 403, 403, 403, 401, 401, 401, 201, 403, 201, 404),
}
SCOPES = {
    "all": [Scope.REFERRALS_READ, Scope.REFERRALS_WRITE, Scope.WEBHOOKS],
    "read": [Scope.REFERRALS_READ],
    "write": [Scope.REFERRALS_WRITE],
    "webhooks": [Scope.WEBHOOKS],
}
OPERATOR_SCOPES = {
    "cohorts": [Scope.COHORTS_READ, Scope.COHORTS_WRITE],
    "cohorts_read": [Scope.COHORTS_READ],
    "cohorts_write": [Scope.COHORTS_WRITE],
}


def _tokens(world, other):
    raw = {name: token_for(world, scopes=scopes)[1] for name, scopes in SCOPES.items()}
    raw["other_organisation"] = token_for(other)[1]
    raw["funder"] = funder_token_for(world)[1]
    raw["other_funder"] = funder_token_for(other)[1]
    expired, raw["expired"] = token_for(world)
    expire(expired)
    revoked, raw["revoked"] = token_for(world)
    revoked.revoked_at = timezone.now()
    revoked.save()
    raw["none"] = None
    raw.update({name: operator_token_for(world, scopes=scopes)[1] for name, scopes in OPERATOR_SCOPES.items()})
    raw["other_operator"] = operator_token_for(other)[1]
    return raw


def _call(client, operation, raw, world, referral, full, publication):
    extra = headers(raw) if raw else {}
    # At most five webhooks per organisation: start each webhook call from none.
    WebhookEndpoint.objects.update(disabled_at=timezone.now())
    person = {"programme": world.programme.slug, "first_name": "Léa", "last_name": "Roux"}
    if operation == "GET programmes":
        return client.get("/api/v1/programmes/", **extra)
    if operation == "GET referrals":
        return client.get("/api/v1/referrals/", **extra)
    if operation == "POST referrals":
        body = {**person, "email": f"lea.{Referral.objects.count()}@example.org"}
        return client.post("/api/v1/referrals/", body, content_type="application/json", **extra)
    if operation == "GET referral":
        return client.get(f"/api/v1/referrals/{referral.pk}/", **extra)
    if operation == "GET publications":
        return client.get("/api/v1/publications/", **extra)
    if operation == "GET publication":
        return client.get(f"/api/v1/publications/{publication.pk}/", **extra)
    if operation == "GET enrolments":
        return client.get("/api/v1/enrolments/", **extra)
    if operation == "POST cohort":
        n = Referral.objects.count() + WebhookEndpoint.objects.count()
        body = f"external_id,first_name,last_name,email\nM{n},Léa,Roux,lea.roux.{n}@example.org\n"
        return client.post(f"/api/v1/programmes/{world.programme.slug}/cohort/", body, content_type="text/csv", **extra)
    if operation == "GET webhooks":
        return client.get("/api/v1/webhooks/", **extra)
    if operation == "POST webhooks":
        body = {"url": "https://partenaire.example.org/openbilan"}
        return client.post("/api/v1/webhooks/", body, content_type="application/json", **extra)
    endpoint, _secret = webhooks.register(token=full, url="https://partenaire.example.org/a-supprimer")
    return client.delete(f"/api/v1/webhooks/{endpoint.pk}/", **extra)


def test_every_operation_answers_the_expected_status_for_every_token(client, settings):
    settings.OPENBILAN_RATE_LIMITS = {"api": (10**6, 60), "api_auth_failure": (10**6, 60), "webhook": (10**6, 60)}
    world, other = partner(), partner()
    raw = _tokens(world, other)
    full, _raw = token_for(world)
    created = client.post(
        "/api/v1/referrals/",
        {"programme": world.programme.slug, "first_name": "Noé", "last_name": "Blanc", "email": "noe@example.org"},
        content_type="application/json",
        **headers(raw["all"]),
    )
    referral = Referral.objects.get(pk=created.json()["id"])
    publication = reporting.ensure_publication(world.programme)
    failures = []
    for operation, expected in MATRIX.items():
        for name, want in zip(TOKENS, expected, strict=True):
            response = _call(client, operation, raw[name], world, referral, full, publication)
            if response.status_code != want:
                failures.append(f"{operation} with {name}: expected {want}, got {response.status_code}")
            if response.status_code >= 400:
                assert response["Content-Type"] == "application/problem+json", (operation, name)
    assert failures == []


def test_another_organisations_lists_never_contain_these_referrals_nor_webhooks(client):
    world, other = partner(), partner()
    full, raw = token_for(world)
    _other, other_raw = token_for(other)
    body = {"programme": world.programme.slug, "first_name": "Noé", "last_name": "Blanc", "email": "noe@example.org"}
    client.post("/api/v1/referrals/", body, content_type="application/json", **headers(raw))
    webhooks.register(token=full, url="https://partenaire.example.org/openbilan")
    assert client.get("/api/v1/referrals/", **headers(other_raw)).json()["count"] == 0
    assert client.get("/api/v1/webhooks/", **headers(other_raw)).json()["count"] == 0
    assert client.get("/api/v1/referrals/", **headers(raw)).json()["count"] == 1
