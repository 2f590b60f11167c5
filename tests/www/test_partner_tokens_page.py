"""The operator admin's page of the partner API: a token is issued (its secret shown once, only its hash kept),
listed, and revoked; another operator's admin can do neither."""

import pytest

from openbilan.partners.models import ApiToken
from openbilan.tokens import token_hash
from tests.partners.factories import headers, partner, token_for

pytestmark = pytest.mark.django_db


def test_an_operator_admin_issues_a_token_whose_secret_is_shown_once_and_stored_hashed(client):
    world = partner()
    client.force_login(world.admin)
    response = client.post(
        "/partenaires/",
        {"organisation": world.prescriber.pk, "name": "Logiciel", "scopes": ["referrals:read"], "days": 30},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith("obk_") and secret in response.content.decode()
    assert token.key_hash == token_hash(secret) and secret not in (token.key_hash, token.prefix)
    assert token.scopes == ["referrals:read"] and token.organisation == world.prescriber
    assert secret not in client.get("/partenaires/").content.decode()  # never shown again
    assert client.get("/api/v1/referrals/", **headers(secret)).status_code == 200


def test_a_token_is_only_for_a_prescriber_of_the_admins_programmes(client):
    world, elsewhere = partner(), partner()
    client.force_login(world.admin)
    response = client.post(
        "/partenaires/",
        {"organisation": elsewhere.prescriber.pk, "name": "X", "scopes": ["referrals:read"], "days": 30},
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_at_once(client):
    world = partner()
    token, raw = token_for(world)
    client.force_login(partner().admin)  # another operator's admin cannot revoke it
    assert client.post(f"/partenaires/jetons/{token.pk}/revocation/").status_code == 404
    client.force_login(world.admin)
    assert client.post(f"/partenaires/jetons/{token.pk}/revocation/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.admin
    assert client.get("/api/v1/referrals/", **headers(raw)).json()["code"] == "token_revoked"


def test_bad_input_on_the_page_is_a_clear_message_not_an_error(client):
    world = partner()
    client.force_login(world.admin)
    response = client.post("/partenaires/", {"organisation": "x", "days": "-3"})
    assert response.status_code == 200 and response.context["form"].errors
