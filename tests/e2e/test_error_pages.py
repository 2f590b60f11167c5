"""The error pages in a browser, at 360 px: the layout, axe-core clean, no horizontal overflow, and a way back that
leads home."""

import pytest
from playwright.sync_api import expect

from openbilan.accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import login, visit

pytestmark = pytest.mark.urls("tests.www.errors.urls")  # the project's URLs plus a few that fail on purpose


def fits_the_screen(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/cette-page-n-existe-pas/", 404, "Page introuvable"),
        ("/essai-erreur/403/", 403, "Vous n'avez pas accès à cette page"),
        ("/essai-erreur/400/", 400, "Nous n'avons pas compris cette demande"),
        ("/essai-erreur/429/", 429, "Trop de demandes"),
        ("/essai-erreur/500/", 500, "Le site a un problème"),
    ],
)
def test_a_visitor_meets_each_error_page_and_goes_back_home(page, axe, path, status, title):
    response = visit(page, axe, path)
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert fits_the_screen(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Revenir à l'accueil").click()
    axe.check(page)
    assert page.url.endswith("/") and page.get_by_role("heading", level=1).count() == 1


def test_a_beneficiary_on_a_staff_page_gets_the_french_403_and_their_way_home(page, axe):
    person = UserFactory(role=Role.BENEFICIARY, first_name="Inès")
    login(page, axe, person.email, PASSWORD)
    response = visit(page, axe, "/programmes/")  # the operator admin's programmes
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous n'avez pas accès à cette page")
    assert fits_the_screen(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Revenir à mon espace").click()
    axe.check(page)
    assert "Bonjour" in page.get_by_role("heading", level=1).inner_text()


def test_the_404_page_in_english_once_chosen(page, axe):
    visit(page, axe, "/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    axe.check(page)
    visit(page, axe, "/this-page-does-not-exist/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Back to the home page")).to_be_visible()
    assert fits_the_screen(page)
