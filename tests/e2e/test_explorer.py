"""The public occupation explorer in a browser: live search, filters, an occupation page; the same without
JavaScript. axe-core checks every page and every htmx update. The small ROME subset of tests/referential/fixtures/mini
is loaded with the real importer."""

import pytest
from playwright.sync_api import expect

from openbilan.referential import services
from tests.e2e.conftest import submit, visit
from tests.referential.conftest import FIXTURE_DIR


@pytest.fixture
def referential(transactional_db):
    services.import_referential(directory=FIXTURE_DIR)


def test_live_search_filter_and_occupation_page(page, axe, referential):
    visit(page, axe, "/metiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Explorer les métiers")

    page.get_by_label("Métier ou appellation").fill("aide soignant")
    expect(page.locator("#result-count")).to_have_text("1 métier trouvé.")
    expect(page.locator(".explorer-hit-link").first).to_have_text("Aide-soignant / Aide-soignante")
    assert "q=aide%20soignant" in page.url  # htmx pushed the search into the address bar
    axe.check(page)

    page.get_by_label("Métier ou appellation").fill("")
    page.get_by_label("Domaine").select_option("K12")
    expect(page.locator(".explorer-hit-link")).to_have_count(3)
    axe.check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Educateur spécialisé / Educatrice spécialisée").click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Educateur spécialisé / Educatrice spécialisée")
    expect(page.get_by_role("img", name="Profil d'intérêts en six scores")).to_be_visible()
    expect(page.get_by_role("table", name="Profil d'intérêts (échelle de 1 à 7)")).to_be_visible()
    expect(page.get_by_text("Source : France Travail - ROME 4.0")).to_be_visible()


def test_mobility_links_lead_to_the_target_occupation(desktop_page, axe, referential):
    visit(desktop_page, axe, "/metiers/J1501/")
    with desktop_page.expect_navigation():
        desktop_page.get_by_role("link", name="Infirmier / Infirmière en soins généraux (IDE)").click()
    axe.check(desktop_page)
    assert desktop_page.url.endswith("/metiers/J1506/")


def test_search_filter_and_page_work_without_javascript(nojs_page, axe, referential):
    visit(nojs_page, axe, "/metiers/")
    nojs_page.get_by_label("Métier ou appellation").fill("AESH")
    nojs_page.get_by_label("Type d'intérêt principal (RIASEC)").select_option("S")
    submit(nojs_page, axe, "Rechercher")
    assert "q=AESH" in nojs_page.url
    expect(nojs_page.locator("#result-count")).to_have_text("1 métier trouvé.")
    with nojs_page.expect_navigation():
        nojs_page.locator(".explorer-hit-link").first.click()
    axe.check(nojs_page)
    expect(nojs_page.get_by_role("heading", level=1)).to_contain_text("Accompagnant")
    assert nojs_page.url.endswith("/metiers/K2113/")


def test_plain_form_submit_also_works_with_javascript(page, axe, referential):
    visit(page, axe, "/metiers/?q=soigneuse+animaliere")
    expect(page.locator(".explorer-hit-link").first).to_have_text("Soigneur animalier / Soigneuse animalière")
    page.get_by_label("Métier ou appellation").fill("boulanger")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(".explorer-hit-link").first).to_have_text("Boulanger / Boulangère")
    axe.check(page)


def test_english_explorer(page, axe, referential):
    visit(page, axe, "/metiers/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Explore occupations")
