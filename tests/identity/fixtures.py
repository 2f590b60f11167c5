"""Fixtures that start the test providers and point OpenBilan at them (unit tests and browser tests)."""

import re
from urllib.parse import urlparse

import pytest
import requests
from django.core.cache import cache

from tests.identity.provider import Identity, TestProvider

CLIENT_ID = "openbilan-test"
CLIENT_SECRET = "un-secret-de-test-assez-long"
PROCONNECT_STAFF_ACR = "https://proconnect.gouv.fr/assurance/consistency-checked-2fa"
PROCONNECT_BASIC_ACR = "https://proconnect.gouv.fr/assurance/self-asserted"


def _start(name: str, algo: str, base_url: str, slug: str) -> TestProvider:
    provider = TestProvider(name=name, sign_algo=algo).start()
    provider.register(
        CLIENT_ID,
        CLIENT_SECRET,
        redirect_uri=f"{base_url}/compte/identite/{slug}/retour/",
        post_logout_redirect_uri=f"{base_url}/compte/identite/deconnecte/",
    )
    return provider


@pytest.fixture(name="identity_base_url")
def client_base_url():
    """Where the provider sends the browser back: the test client's host (browser tests override it)."""
    return "http://testserver"


@pytest.fixture(name="franceconnect")
def franceconnect_provider(identity_base_url, settings):
    provider = _start("FranceConnect de test", "ES256", identity_base_url, "franceconnect")
    provider.identities = [Identity(sub="fc-sub-0001", email="stephanie.durand@example.org")]
    _configure(settings, "franceconnect", provider.settings_for(CLIENT_ID, acr_values=["eidas1", "eidas2", "eidas3"]))
    yield provider
    provider.stop()


@pytest.fixture(name="proconnect")
def proconnect_provider(identity_base_url, settings):
    provider = _start("ProConnect de test", "RS256", identity_base_url, "proconnect")
    provider.identities = [
        Identity(
            sub="pc-sub-0001",
            email="agent.caen@francetravail.example",
            siret="13000548100010",
            acr=PROCONNECT_BASIC_ACR,
            given_name="Agnès",
            usual_name="Legrand",
        )
    ]
    config = provider.settings_for(
        CLIENT_ID,
        scopes="openid email given_name usual_name siret",
        acr_values=["eidas1", PROCONNECT_BASIC_ACR, PROCONNECT_STAFF_ACR],
        staff_acr_values=[PROCONNECT_STAFF_ACR],
    )
    _configure(settings, "proconnect", config)
    yield provider
    provider.stop()


def _configure(settings, slug: str, config: dict) -> None:
    providers = dict(getattr(settings, "OPENBILAN_IDENTITY_PROVIDERS", {}) or {})
    providers[slug] = config
    settings.OPENBILAN_IDENTITY_PROVIDERS = providers
    cache.clear()


def dance(client, provider: TestProvider, slug: str, *, identity: int = 0, query: str = ""):
    """The whole redirect dance with Django's test client: start here, sign in at the provider (a real HTTP
    server), come back to the callback. Returns the callback's response."""
    start = client.get(f"/compte/identite/{slug}/connexion/{query}")
    assert start.status_code == 302, start.status_code
    page = requests.get(start["Location"], timeout=10)
    assert page.status_code == 200, page.text
    request_id = re.search(r'name="request_id" value="([^"]+)"', page.text).group(1)
    back = requests.post(
        f"{provider.issuer}/authorize",
        data={"request_id": request_id, "identity": str(identity)},
        allow_redirects=False,
        timeout=10,
    )
    assert back.status_code == 302, back.text
    target = urlparse(back.headers["Location"])
    return client.get(f"{target.path}?{target.query}")
