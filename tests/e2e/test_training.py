"""The certifications and sessions of an occupation in a browser, at 360 px: the occupation page's section, the
certification page and the occupation's full list; axe-core checks each page, none scrolls sideways."""

import pytest
from playwright.sync_api import expect

from openbilan.referential import services
from tests.e2e.walk import check_landmarks
from tests.referential.conftest import FIXTURE_DIR
from tests.training.factories import moniteur_educateur

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def catalogue(transactional_db, tmp_path):
    services.import_referential(directory=FIXTURE_DIR)
    moniteur_educateur(tmp_path, domain_certifications=8)


def test_occupation_certifications_and_sessions_at_360_px(page, axe, catalogue):
    page.goto("/metiers/K1207/")
    axe.check(page)
    section = page.get_by_role("region", name="Se former pour ce métier")
    expect(section).to_be_visible()
    expect(section.get_by_role("link", name="DE - Moniteur éducateur")).to_be_visible()
    expect(section.get_by_text("DE de moniteur éducateur (ancien)")).to_have_count(0)
    expect(section.get_by_text("Session de démonstration")).to_have_count(2)
    section.get_by_text("2 blocs de compétences").click()
    expect(section.get_by_text("Accompagner la personne")).to_be_visible()
    axe.check(page)
    assert page.evaluate(NO_OVERFLOW)
    check_landmarks(page)

    with page.expect_navigation():
        section.get_by_role("link", name="Voir les 9 certifications").click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Se former : Educateur spécialisé")
    expect(page.get_by_text("Session de démonstration")).to_have_count(2)
    assert page.evaluate(NO_OVERFLOW)
    check_landmarks(page)

    with page.expect_navigation():
        page.get_by_role("link", name="DE - Moniteur éducateur").click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("DE - Moniteur éducateur")
    expect(page.get_by_text("Cette certification est en vigueur.")).to_be_visible()
    expect(page.get_by_text("Session de démonstration")).to_have_count(2)
    assert page.evaluate(NO_OVERFLOW)
    check_landmarks(page)

    with page.expect_navigation():
        page.get_by_role("link", name="DE de moniteur éducateur (ancien)").click()
    axe.check(page)
    expect(page.get_by_text("Cette certification a été remplacée.")).to_be_visible()
    assert page.evaluate(NO_OVERFLOW)


def test_the_section_works_without_javascript(nojs_page, axe, catalogue):
    nojs_page.goto("/metiers/K1207/")
    axe.check(nojs_page)
    nojs_page.get_by_text("2 blocs de compétences").click()
    expect(nojs_page.get_by_text("Travailler en équipe")).to_be_visible()
    assert nojs_page.evaluate(NO_OVERFLOW)


def test_the_section_at_desktop_width(desktop_page, axe, catalogue):
    desktop_page.goto("/metiers/K1207/")
    axe.check(desktop_page)
    expect(desktop_page.get_by_role("region", name="Se former pour ce métier")).to_be_visible()
    assert desktop_page.evaluate(NO_OVERFLOW)
    check_landmarks(desktop_page)
