"""Each check the providers require refuses the sign-in with a clear page, and signs nobody in."""

from urllib.parse import urlparse

import pytest
import requests

from openbilan.identity.models import ExternalIdentity
from tests.accounts.factories import beneficiary
from tests.identity.fixtures import dance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def person():
    return beneficiary(email="stephanie.durand@example.org")


def _refused(response, status, text):
    page = response.content.decode()
    assert response.status_code == status, page[:300]
    assert text in page
    assert 'href="/compte/connexion/"' in page  # the way back, in the site's layout
    assert ExternalIdentity.objects.count() == 0


def test_a_state_the_provider_changed_is_refused(client, franceconnect):
    franceconnect.misbehave.add("state")
    response = dance(client, franceconnect, "franceconnect")
    _refused(response, 400, "ne correspond à aucune demande faite depuis ce navigateur")
    assert "_auth_user_id" not in client.session


def test_a_callback_from_another_browser_is_refused(client, franceconnect):
    start = client.get("/compte/identite/franceconnect/connexion/")
    page = requests.get(start["Location"], timeout=10).text
    request_id = page.split('name="request_id" value="')[1].split('"')[0]
    back = requests.post(
        f"{franceconnect.issuer}/authorize", data={"request_id": request_id}, allow_redirects=False, timeout=10
    )
    client.cookies.clear()  # another browser: no session
    target = urlparse(back.headers["Location"])
    _refused(client.get(f"{target.path}?{target.query}"), 400, "ne correspond à aucune demande")


def test_a_state_serves_once(client, franceconnect, person):
    start = client.get("/compte/identite/franceconnect/connexion/")
    page = requests.get(start["Location"], timeout=10).text
    request_id = page.split('name="request_id" value="')[1].split('"')[0]
    back = requests.post(
        f"{franceconnect.issuer}/authorize", data={"request_id": request_id}, allow_redirects=False, timeout=10
    )
    target = urlparse(back.headers["Location"])
    assert client.get(f"{target.path}?{target.query}")["Location"] == "/accueil/"
    client.logout()
    ExternalIdentity.objects.all().delete()
    _refused(client.get(f"{target.path}?{target.query}"), 400, "ne correspond à aucune demande")


def test_a_state_of_the_other_provider_is_refused(client, franceconnect, proconnect):
    start = client.get("/compte/identite/franceconnect/connexion/")
    state = start["Location"].split("state=")[1].split("&")[0]
    _refused(client.get(f"/compte/identite/proconnect/retour/?code=x&state={state}"), 400, "ne correspond à aucune")


def test_a_replayed_nonce_is_refused(client, franceconnect):
    earlier = client.get("/compte/identite/franceconnect/connexion/")  # an earlier sign-in, its nonce played again
    requests.get(earlier["Location"], timeout=10)
    franceconnect.misbehave.add("nonce_replay")
    response = dance(client, franceconnect, "franceconnect")
    _refused(response, 400, "a déjà servi ou ne correspond pas à votre demande")


def test_an_id_token_signed_by_a_key_the_provider_does_not_publish_is_refused(client, franceconnect):
    franceconnect.misbehave.add("signature")
    _refused(dance(client, franceconnect, "franceconnect"), 400, "La signature de la réponse")


def test_an_id_token_for_another_service_is_refused(client, franceconnect):
    franceconnect.misbehave.add("audience")
    _refused(dance(client, franceconnect, "franceconnect"), 400, "destinée à un autre service")


def test_an_expired_id_token_is_refused(client, franceconnect):
    franceconnect.misbehave.add("expired")
    _refused(dance(client, franceconnect, "franceconnect"), 400, "périmée")


def test_userinfo_that_is_not_signed_is_refused(client, franceconnect):
    franceconnect.misbehave.add("userinfo_json")
    _refused(dance(client, franceconnect, "franceconnect"), 400, "La signature de la réponse")


def test_a_franceconnect_level_below_eidas1_is_refused(client, franceconnect):
    franceconnect.identities[0].acr = "eidas0"
    _refused(dance(client, franceconnect, "franceconnect"), 403, "Niveau de sécurité insuffisant")


def test_a_proconnect_level_the_operator_does_not_accept_is_refused(client, proconnect):
    proconnect.identities[0].acr = "https://proconnect.gouv.fr/assurance/unknown"
    _refused(dance(client, proconnect, "proconnect"), 403, "Niveau de sécurité insuffisant")


def test_a_cancelled_sign_in_at_the_provider_says_so(client, franceconnect):
    start = client.get("/compte/identite/franceconnect/connexion/")
    state = start["Location"].split("state=")[1].split("&")[0]
    response = client.get(f"/compte/identite/franceconnect/retour/?error=access_denied&state={state}")
    _refused(response, 400, "connexion annulée ou refusée")
    assert state not in client.session.get("oidc_states", {})


def test_a_provider_that_does_not_answer_gives_a_clear_page(client, franceconnect):
    franceconnect.stop()
    from django.core.cache import cache

    cache.clear()
    _refused(client.get("/compte/identite/franceconnect/connexion/"), 502, "ne répond pas pour le moment")


def test_the_refusal_page_is_translated(client, franceconnect):
    franceconnect.misbehave.add("signature")
    client.cookies["django_language"] = "en"
    response = dance(client, franceconnect, "franceconnect")
    assert response.status_code == 400
    assert 'lang="en"' in response.content.decode()
    assert "signature" in response.content.decode()
    assert "La signature de la réponse" not in response.content.decode()
