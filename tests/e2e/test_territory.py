"""Where the jobs are, in a browser at 360 px: a beneficiary sets their commune from their home page by links only,
then reads their bassin's demand on an occupation page; a visitor picks a bassin without JavaScript. axe-core checks
every page and no page scrolls sideways. The ROME, geography and BMO subsets are loaded by the real importers."""

import pytest
from playwright.sync_api import expect

from openbilan.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login, submit, visit
from tests.programmes.factories import EnrolmentFactory
from tests.territory.conftest import import_all

PASSWORD = "un-mot-de-passe-pour-les-tests-2026"


@pytest.fixture
def data(transactional_db):
    import_all()


def assert_no_horizontal_overflow(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width} px"


def follow(page, axe, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()
    axe.check(page)
    assert_no_horizontal_overflow(page)


def test_a_person_sets_their_commune_and_reads_their_bassins_demand(page, axe, data):
    person = UserFactory(email="nadia@example.org", password=PASSWORD, role=Role.BENEFICIARY)
    EnrolmentFactory(beneficiary=person, postcode="14000")
    login(page, axe, "nadia@example.org", PASSWORD)
    assert_no_horizontal_overflow(page)

    follow(page, axe, "Ma commune et mes déplacements")
    expect(page.get_by_role("heading", level=1)).to_have_text("Où cherchez-vous du travail ?")
    expect(page.get_by_label("Votre code postal")).to_have_value("14000")  # from the enrolment
    expect(page.get_by_label("Caen")).to_be_checked()  # the only commune of 14000
    page.get_by_label("Jusqu'où pouvez-vous aller travailler ?").select_option("40")
    submit(page, axe, "Enregistrer")
    assert_no_horizontal_overflow(page)
    expect(page.get_by_text("Votre commune est enregistrée.")).to_be_visible()
    summary = page.locator(".territory-facts")
    expect(summary).to_contain_text("Caen (14000)")
    expect(summary).to_contain_text("jusqu'à 40 km, soit environ 50 minutes en voiture (estimation)")

    follow(page, axe, "Chercher un métier et voir qui recrute")
    page.get_by_label("Métier ou appellation").fill("aide soignant")
    expect(page.locator(".explorer-hit-link").first).to_have_text("Aide-soignant / Aide-soignante")
    follow(page, axe, "Aide-soignant / Aide-soignante")
    section = page.locator("#demand")
    expect(section.get_by_role("heading", name="Qui recrute près de chez vous ?")).to_be_visible()
    expect(section).to_contain_text("Dans votre bassin d'emploi, Caen")
    expect(section).to_contain_text(
        "Aides-soignants : 642 projets de recrutement dans le bassin de Caen en 2025, dont 49 % jugés difficiles."
    )
    expect(section).to_contain_text("Niveau de demande dans ce bassin : 5 sur 5")
    expect(section).to_contain_text("Bassins voisins : Bayeux")


def test_a_secret_figure_reads_non_diffuse_on_the_page(page, axe, data):
    visit(page, axe, "/metiers/M1607/?cp=14000")
    assert_no_horizontal_overflow(page)
    expect(page.locator("#demand")).to_contain_text(
        "Secrétaires de direction : 32 projets de recrutement dans le bassin de Caen en 2025 (part jugée difficile "
        "non diffusée)."
    )


def test_a_visitor_picks_a_bassin_without_javascript(nojs_page, axe, data):
    visit(nojs_page, axe, "/metiers/J1501/")
    expect(nojs_page.locator("#demand")).to_contain_text("Indiquez un code postal")
    nojs_page.get_by_label("Voir un autre lieu : code postal").fill("76000")
    submit(nojs_page, axe, "Voir")
    expect(nojs_page.locator("#demand")).to_contain_text("Ce code postal couvre plusieurs bassins d'emploi.")
    with nojs_page.expect_navigation():
        nojs_page.get_by_role("link", name="Rouen", exact=True).click()
    axe.check(nojs_page)
    expect(nojs_page.locator("#demand")).to_contain_text("Dans le bassin d'emploi de Rouen")
    nojs_page.get_by_label("Ou un bassin de la région Normandie").select_option(label="Le Havre")
    submit(nojs_page, axe, "Afficher")
    expect(nojs_page.locator("#demand")).to_contain_text("Dans le bassin d'emploi de Le Havre")
    assert_no_horizontal_overflow(nojs_page)
    visit(nojs_page, axe, "/metiers/M1607/")  # the visitor's bassin is remembered
    expect(nojs_page.locator("#demand")).to_contain_text("Dans le bassin d'emploi de Le Havre")
