"""The person's privacy page in a browser: consents changed without JavaScript, the access log, the erasure form
refusing a wrong confirmation; a coach enrols an authenticator app at first sign-in. axe-core checks every page."""

import pytest
from playwright.sync_api import expect

from openbilan.accounts import selectors as accounts
from openbilan.privacy.models import Consent
from openbilan.privacy.services import record_access
from tests.accounts.factories import PASSWORD, beneficiary, coach
from tests.e2e.conftest import login, submit, visit


def test_consents_access_log_and_erasure_confirmation(live_server, page, axe):
    person = beneficiary()
    record_access(actor=coach(first_name="Aline", last_name="Rivière"), subject=person, what="résultats RIASEC")
    login(page, axe, person.email, PASSWORD)
    visit(page, axe, "/mes-donnees/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")
    expect(page.get_by_role("table").nth(1)).to_contain_text("Aline Rivière")
    submit(page, axe, "Donner mon accord : Servir à la recherche et aux normes, sans mon nom")
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("Votre choix est enregistré")
    assert Consent.objects.get(person=person).granted
    visit(page, axe, "/mes-donnees/effacer/")
    page.get_by_label("Pour confirmer, écrivez le mot « effacer »").fill("non")
    submit(page, axe, "Effacer définitivement")
    expect(page.locator(".errorlist")).to_contain_text("Écrivez le mot « effacer »")


@pytest.mark.two_factor
def test_a_coach_enrols_an_authenticator_app_at_first_sign_in(live_server, page, axe):
    staff = coach()
    login(page, axe, staff.email, PASSWORD)  # the helper scans nothing: it computes the code from the device key
    assert accounts.confirmed_device(staff) is not None
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Double authentification")
