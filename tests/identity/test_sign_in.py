"""Signing in through the FranceConnect-like and ProConnect-like test providers (real HTTP, real signatures)."""

from urllib.parse import parse_qs, urlparse

import pytest

from openbilan.accounts.models import Organisation, Role
from openbilan.identity.models import ExternalIdentity
from tests.accounts.factories import OrganisationFactory, UserFactory, beneficiary
from tests.identity.fixtures import dance

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return beneficiary(email="stephanie.durand@example.org")


def test_franceconnect_start_sends_state_and_nonce_of_32_characters_at_least_and_asks_eidas1(client, franceconnect):
    response = client.get("/compte/identite/franceconnect/connexion/")
    params = parse_qs(urlparse(response["Location"]).query)
    assert response["Location"].startswith(franceconnect.issuer + "/authorize")
    assert len(params["state"][0]) >= 32 and len(params["nonce"][0]) >= 32
    assert params["acr_values"] == ["eidas1"]
    assert params["code_challenge_method"] == ["S256"]
    assert params["redirect_uri"] == ["http://testserver/compte/identite/franceconnect/retour/"]


def test_proconnect_start_asks_the_accepted_levels_and_amr_in_claims(client, proconnect):
    response = client.get("/compte/identite/proconnect/connexion/")
    params = parse_qs(urlparse(response["Location"]).query)
    assert '"acr":{"essential":true,"values":["eidas1"' in params["claims"][0]
    assert '"amr":{"essential":true}' in params["claims"][0]


def test_an_unconfigured_provider_answers_404_and_shows_no_button(client, settings):
    settings.OPENBILAN_IDENTITY_PROVIDERS = {}
    assert client.get("/compte/identite/franceconnect/connexion/").status_code == 404
    assert client.get("/compte/identite/proconnect/retour/").status_code == 404
    assert "FranceConnect" not in client.get("/compte/connexion/").content.decode()


def test_the_login_page_shows_the_buttons_of_the_configured_providers(client, franceconnect, proconnect):
    page = client.get("/compte/connexion/?next=/mon-bilan/").content.decode()
    assert "S&#x27;identifier avec" in page or "S'identifier avec" in page
    assert 'href="/compte/identite/franceconnect/connexion/?next=/mon-bilan/"' in page
    assert 'href="/compte/identite/proconnect/connexion/?next=/mon-bilan/"' in page
    assert "Qu’est-ce que FranceConnect ?" in page


def test_a_beneficiary_signs_in_on_the_email_franceconnect_certifies(client, franceconnect, person):
    response = dance(client, franceconnect, "franceconnect")
    assert response.status_code == 302 and response["Location"] == "/accueil/"
    assert client.get("/mon-bilan/").status_code == 200
    identity = ExternalIdentity.objects.get(user=person)
    assert (identity.provider, identity.sub, identity.email_verified) == ("franceconnect", "fc-sub-0001", True)
    assert identity.last_acr == "eidas1" and identity.linked_at is not None


def test_next_time_the_identity_signs_in_by_its_sub_whatever_the_email(client, franceconnect, person):
    dance(client, franceconnect, "franceconnect")
    client.logout()
    franceconnect.identities[0].email = "autre.adresse@example.org"
    franceconnect.identities[0].email_verified = False
    response = dance(client, franceconnect, "franceconnect")
    assert response["Location"] == "/accueil/"
    assert int(client.session["_auth_user_id"]) == person.pk


def test_the_next_page_asked_for_is_kept_through_the_dance(client, franceconnect, person):
    response = dance(client, franceconnect, "franceconnect", query="?next=/mes-donnees/")
    assert response["Location"] == "/mes-donnees/"


def test_an_agent_unknown_here_gets_a_prescriber_account_in_the_organisation_of_their_siret(client, proconnect):
    agency = OrganisationFactory(prescriber=True, siret="13000548100010")
    OrganisationFactory(prescriber=True, siret="13000548100028")
    response = dance(client, proconnect, "proconnect")
    assert response["Location"] == "/accueil/"
    assert client.get("/accueil/")["Location"] == "/prescripteur/"
    identity = ExternalIdentity.objects.get(provider="proconnect")
    agent = identity.user
    assert (agent.email, agent.first_name, agent.last_name) == ("agent.caen@francetravail.example", "Agnès", "Legrand")
    assert list(agent.memberships.values_list("organisation", "role")) == [(agency.pk, Role.PRESCRIBER)]
    assert not agent.has_usable_password()


def test_an_agent_whose_siret_is_not_registered_is_refused_with_a_clear_page(client, proconnect):
    OrganisationFactory(kind=Organisation.Kind.OPERATOR, siret="13000548100010")  # not a prescriber
    response = dance(client, proconnect, "proconnect")
    assert response.status_code == 403
    assert "Votre organisation n&#x27;est pas encore inscrite" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_known_prescriber_joins_the_organisation_of_their_siret(client, proconnect):
    agency = OrganisationFactory(prescriber=True, siret="13000548100010")
    agent = UserFactory(role=Role.PRESCRIBER, email="agent.caen@francetravail.example")
    proconnect.identities[0].email_verified = True
    dance(client, proconnect, "proconnect")
    assert agent.memberships.filter(organisation=agency, role=Role.PRESCRIBER, is_active=True).exists()


def test_the_security_policy_lets_the_sign_out_form_reach_the_configured_provider(client, franceconnect, settings):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert f"form-action 'self' {franceconnect.issuer.split('/api')[0]}" in policy
    settings.OPENBILAN_IDENTITY_PROVIDERS = {}
    assert "form-action 'self';" in client.get("/").headers["Content-Security-Policy"]


def test_the_buttons_are_translated(client, franceconnect, proconnect):
    client.cookies["django_language"] = "en"
    page = client.get("/compte/connexion/").content.decode()
    assert "Sign in with" in page and "What is ProConnect?" in page
