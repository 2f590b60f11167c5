"""The certifications and sessions of an occupation in a browser, at 360 px: the occupation page's section, the
certification page and the occupation's full list; axe-core checks each page, none scrolls sideways."""

import pytest
from playwright.sync_api import expect

from openbilan.referential import services
from tests.e2e.walk import check_landmarks
from tests.referential.conftest import FIXTURE_DIR
from tests.training.factories import CAEN, ROUEN, CertificationFactory, imported, load_offers, offer, replace

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def catalogue(transactional_db, tmp_path):
    services.import_referential(directory=FIXTURE_DIR)
    old = CertificationFactory(code="RNCP492", number=492, title="DE de moniteur éducateur (ancien)", rome=["K1207"])
    new = CertificationFactory(
        code="RNCP39643",
        number=39643,
        title="DE - Moniteur éducateur",
        level=4,
        rome=["K1207"],
        certifiers=["MINISTERE DES SOLIDARITES ET DE LA SANTE"],
        blocs=["Accompagnement éducatif de la personne", "Participation à l'élaboration du projet éducatif"],
        typical_months=24,
    )
    replace(old, new)
    imported()
    for number in range(8):
        CertificationFactory(title=f"Certification du domaine {number}", level=5, rome=["K12"])
    load_offers(
        tmp_path,
        offer("RNCP39643", (CAEN, 20, 600), (ROUEN, 40, 600), funders=(("2", 20), ("4", 5)), cpf=True,
              programme="Programme régional de formation (démonstration)"),
        key="demo-normandie",
        is_demo=True,
    )  # fmt: skip


def test_occupation_certifications_and_sessions_at_360_px(page, axe, catalogue):
    page.goto("/metiers/K1207/")
    axe.check(page)
    section = page.get_by_role("region", name="Se former pour ce métier")
    expect(section).to_be_visible()
    expect(section.get_by_role("link", name="DE - Moniteur éducateur")).to_be_visible()
    expect(section.get_by_text("DE de moniteur éducateur (ancien)")).to_have_count(0)
    expect(section.get_by_text("Session de démonstration")).to_have_count(2)
    section.get_by_text("2 blocs de compétences").click()
    expect(section.get_by_text("Accompagnement éducatif de la personne")).to_be_visible()
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
    expect(nojs_page.get_by_text("Participation à l'élaboration du projet éducatif")).to_be_visible()
    assert nojs_page.evaluate(NO_OVERFLOW)
