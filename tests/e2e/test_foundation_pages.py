import pytest

from openbilan.accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import login, visit

ROLE_HOME_HEADINGS = {
    Role.BENEFICIARY: "Bonjour",
    Role.COACH: "Mes bénéficiaires",
    Role.OPERATOR_ADMIN: "Programmes",
    Role.FUNDER_VIEWER: "Tableau de bord financeur",
    Role.PRESCRIBER: "Mes orientations",
}


def test_home_page_is_french_with_one_h1(page, axe):
    visit(page, axe, "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("contentinfo").count() == 1


def test_language_switch_shows_english(page, axe):
    visit(page, axe, "/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    axe.check(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Your online skills assessment, with a coach by your side"
    )


@pytest.mark.parametrize("role", list(ROLE_HOME_HEADINGS))
def test_each_role_lands_on_its_home(page, axe, role):
    user = UserFactory(role=role, first_name="Sam")
    login(page, axe, user.email, PASSWORD)
    assert ROLE_HOME_HEADINGS[role] in page.get_by_role("heading", level=1).inner_text()


def test_footer_pages_are_accessible(desktop_page, axe):
    for path in ["/mentions-legales/", "/confidentialite/", "/accessibilite/", "/contact/"]:
        visit(desktop_page, axe, path)
        assert desktop_page.get_by_role("heading", level=1).count() == 1


def test_skip_link_is_first_in_tab_order(page, axe):
    visit(page, axe, "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
