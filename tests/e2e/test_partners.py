"""The partner API in a real browser, at 360 px and at desktop width: the operator admin issues a token to a
prescriber of their programme (the secret shown once), the partner's software calls the API with it over HTTP, and
the admin revokes it; axe-core checks every page, and the API documentation renders from our own files."""

import pytest
import requests
from playwright.sync_api import expect

from openbilan.partners.models import ApiToken
from tests.accounts.factories import totp_device
from tests.e2e.walk import Browse, same_names
from tests.partners.factories import partner

pytestmark = pytest.mark.two_factor


def test_the_admin_issues_a_token_the_partner_uses_it_then_it_is_revoked(sized_page, axe, live_server):
    page = sized_page
    same_names("partners")
    world = partner()
    totp_device(world.admin)
    browse = Browse(page, axe)
    browse.login(world.admin.email)
    browse.link("API partenaires")
    expect(browse.h1()).to_have_text("API partenaires")
    page.get_by_label("Organisation").select_option(label=world.prescriber.name)
    page.get_by_label("Nom du jeton").fill("Logiciel de l'agence")
    page.get_by_label("Créer des orientations").check()
    browse.submit("Délivrer le jeton")
    secret = page.locator("#secret-title + p + p code").inner_text()
    assert ApiToken.objects.get().key_hash != secret

    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {secret}"
    person = {"programme": world.programme.slug, "first_name": "Lina", "last_name": "Morel", "email": "l@example.org"}
    assert api.get(f"{live_server.url}/api/v1/referrals/").status_code == 200
    created = api.post(f"{live_server.url}/api/v1/referrals/", json=person, headers={"Idempotency-Key": "k1"})
    assert created.status_code == 201

    browse.visit("/partenaires/")
    expect(page.locator("#calls-title + .table-wrap")).to_contain_text("POST /api/v1/referrals/")
    browse.submit("Révoquer le jeton Logiciel de l'agence")
    refused = api.get(f"{live_server.url}/api/v1/referrals/", headers={"Accept-Language": "en"})
    assert refused.status_code == 401 and refused.json()["title"] == "This token has been revoked"


def test_the_api_documentation_renders_without_leaving_the_site(browser, live_server):
    """ReDoc's bundle always draws its maker's logo from a CDN: the page's policy blocks it, so nothing leaves the
    site (a page of its own here: the other tests' pages count any blocked load as a failure)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, blocked = [], []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None)
    page.on("requestfailed", lambda r: blocked.append(r.url))
    try:
        page.goto("/api/v1/docs/")
        expect(page.locator("h1").first).to_contain_text("API partenaires", timeout=30000)
        expect(page.get_by_text("referrals_create").first).to_be_attached()
    finally:
        context.close()
    assert [url for url in outside if not url.startswith("blob:") and url not in blocked] == []
