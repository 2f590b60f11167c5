"""Issues 20 and 21 in the suggestions, in a browser at 360 px: the hiring demand near the person on the cards, the
setting that turns it off, and the training page of a suggestion (certification, demo session near the person,
funding). axe-core checks every page; none scrolls sideways; the setting works without JavaScript."""

import pytest
from playwright.sync_api import expect

from openbilan.territory import services as places
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import login, submit, visit
from tests.e2e.walk import check_landmarks
from tests.recommendations.factories import Imperatives, person_with_evidence
from tests.territory.conftest import import_all
from tests.training.factories import moniteur_educateur

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def person(transactional_db, tmp_path):
    import_all()
    moniteur_educateur(tmp_path)
    found = person_with_evidence(
        riasec={"R": 2, "I": 3, "A": 3, "S": 5, "E": 3, "C": 2}, imperatives=Imperatives((), "4", "any", "maybe")
    )
    places.set_place(person=found, postcode="14000", commune_code="14118", travel_km=30)
    return found


def _walk(page, axe, person):
    login(page, axe, person.email, PASSWORD)
    visit(page, axe, "/suggestions/")
    demand = page.locator(".rec-card .rec-demand").first
    expect(demand).to_contain_text("près de chez vous (bassin d'emploi « Caen »)")
    expect(demand).to_contain_text("Source : France Travail, enquête BMO 2025.")
    expect(demand).to_contain_text("Part dans le score :")
    assert page.evaluate(NO_OVERFLOW)
    check_landmarks(page)

    visit(page, axe, "/suggestions/metier/K1207/formations/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment devenir")
    expect(page.get_by_role("link", name="DE - Moniteur éducateur")).to_be_visible()
    expect(page.get_by_text("Session de démonstration")).to_have_count(1)  # Caen; Rouen is beyond 30 km
    expect(page.get_by_text("compte personnel de formation (CPF)").first).to_be_visible()
    assert page.evaluate(NO_OVERFLOW)
    check_landmarks(page)

    visit(page, axe, "/suggestions/")
    page.get_by_label("Non", exact=True).check()
    submit(page, axe, "Enregistrer")
    done = "Les recrutements près de chez vous ne comptent plus dans vos suggestions."
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.locator(".rec-card .rec-demand")).to_have_count(0)
    assert page.evaluate(NO_OVERFLOW)


def test_demand_on_the_cards_the_setting_and_the_training_page_at_360_px(page, axe, person):
    _walk(page, axe, person)


def test_the_same_without_javascript(nojs_page, axe, person):
    _walk(nojs_page, axe, person)


def _plan(page, axe, person):
    """Issue 21: from the suggestion's training page, the person's project takes the certification and the demo
    session in Caen; the project page says so. No sideways scrolling on either page."""
    from openbilan.projects import services as projects
    from openbilan.recommendations import services as recommendations

    item = recommendations.add_to_shortlist(user=person, code_rome="K1207")
    project = projects.start_project(enrolment=person.enrolments.first(), actor=person, shortlist_item_id=item.pk)
    login(page, axe, person.email, PASSWORD)
    visit(page, axe, "/suggestions/metier/K1207/formations/")
    assert page.evaluate(NO_OVERFLOW)
    submit(page, axe, "Choisir la session « Formation RNCP39643 » (Caen) pour mon projet")
    expect(page.get_by_text("La formation choisie est enregistrée dans votre projet.")).to_be_visible()
    assert page.evaluate(NO_OVERFLOW)
    check_landmarks(page)
    project.refresh_from_db()
    assert (project.certification_code, project.session_is_demo) == ("RNCP39643", True)
    assert "Caen" in project.session_label
    visit(page, axe, "/suggestions/metier/K1207/formations/")
    expect(page.get_by_text("Votre projet prévoit : « DE - Moniteur éducateur ».")).to_be_visible()


def test_the_plan_picks_the_certification_and_the_session_of_the_training_page_at_360_px(page, axe, person):
    _plan(page, axe, person)


def test_the_plan_picks_them_without_javascript(nojs_page, axe, person):
    _plan(nojs_page, axe, person)
