"""FranceConnect and ProConnect in a real browser, against the test OpenID Connect providers (tests/identity/
provider.py, real HTTP on 127.0.0.1, real signatures): the whole redirect dance, the sign-out at the provider, and
a clear page for each refused answer. axe-core checks every page, the provider's included."""

import pytest
from playwright.sync_api import expect

from openbilan.accounts.models import Role
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.e2e.walk import Browse, screenshot
from tests.identity.fixtures import franceconnect_provider, proconnect_provider  # noqa: F401
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


@pytest.fixture
def identity_base_url(live_server):
    return live_server.url


def _sign_in_with(browse, provider_name, shot=None):
    browse.visit("/compte/connexion/")
    if shot:
        screenshot(browse.page, "login-providers", shot)
    browse.click(browse.page.get_by_role("link", name=f"S'identifier avec {provider_name}"))
    expect(browse.h1()).to_contain_text(f"{provider_name} de test")  # the provider's own page
    browse.submit("Continuer")


def test_a_beneficiary_signs_in_with_franceconnect_lands_home_and_signs_out_there(page, axe, franceconnect):
    person = UserFactory(role=Role.BENEFICIARY, email="stephanie.durand@example.org", first_name="Stéphanie")
    browse = Browse(page, axe)
    _sign_in_with(browse, "FranceConnect", shot="mobile")
    assert page.url.endswith("/mon-bilan/")
    expect(browse.h1()).to_have_text("Bonjour Stéphanie")
    assert person.external_identities.get().sub == "fc-sub-0001"

    browse.logout()
    assert franceconnect.logouts and franceconnect.logouts[0]["sub"] == "fc-sub-0001"
    expect(page.locator(".message-success")).to_have_text("Vous êtes déconnecté·e.")


def test_an_agent_signs_in_with_proconnect_into_the_organisation_of_their_siret(desktop_page, axe, proconnect):
    page = desktop_page
    agency = OrganisationFactory(prescriber=True, name="France Travail Caen", siret="13000548100010")
    OrganisationFactory(prescriber=True, name="France Travail Lisieux", siret="13000548100028")
    programme = ProgrammeFactory()
    programme.prescribers.add(agency)
    EnrolmentFactory(
        programme=programme,
        prescriber=agency,
        beneficiary=UserFactory(role=Role.BENEFICIARY, first_name="Inès", last_name="Marchand"),
    )
    browse = Browse(page, axe)
    _sign_in_with(browse, "ProConnect")
    assert page.url.endswith("/prescripteur/")
    expect(browse.h1()).to_have_text("Mes orientations")
    expect(page.get_by_role("table")).to_contain_text("Marchand")  # a referral of the agency of the SIRET


REFUSALS = {
    "state": ("franceconnect", "La connexion n'a pas pu aboutir", "ne correspond à aucune demande"),
    "nonce_replay": ("franceconnect", "La connexion n'a pas pu aboutir", "a déjà servi"),
    "signature": ("proconnect", "La connexion n'a pas pu être vérifiée", "La signature de la réponse"),
    "acr": ("proconnect", "Niveau de sécurité insuffisant", "niveau de sécurité demandé"),
}


@pytest.mark.parametrize("attack", list(REFUSALS))
def test_a_refused_answer_gives_a_clear_page(page, axe, franceconnect, proconnect, attack):
    slug, title, text = REFUSALS[attack]
    provider = franceconnect if slug == "franceconnect" else proconnect
    OrganisationFactory(prescriber=True, siret="13000548100010")
    UserFactory(role=Role.BENEFICIARY, email="stephanie.durand@example.org")
    browse = Browse(page, axe)
    if attack == "nonce_replay":
        _sign_in_with(browse, "FranceConnect")  # an earlier sign-in whose nonce is played again
        browse.logout()
        provider.misbehave.add("nonce_replay")
    elif attack == "acr":
        provider.identities[0].acr = "https://proconnect.gouv.fr/assurance/unknown"
    else:
        provider.misbehave.add(attack)
    _sign_in_with(browse, "FranceConnect" if slug == "franceconnect" else "ProConnect")
    expect(browse.h1()).to_have_text(title)
    expect(page.get_by_role("alert")).to_contain_text(text)
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    browse.link("Revenir à la page de connexion")
    expect(browse.h1()).to_have_text("Connexion")
