"""Quality pages in a browser: a visitor reads an offer and files a complaint on a phone; an operator admin moves
a complaint to answered. axe-core checks every page."""

from playwright.sync_api import expect

from openbilan.quality import services
from openbilan.quality.models import Complaint
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import login, submit, visit
from tests.programmes.factories import ProgrammeFactory
from tests.quality.factories import admin_of, complaint, published_offer


def test_a_visitor_reads_an_offer_and_files_a_complaint(live_server, page, axe):
    offer = published_offer(ProgrammeFactory(slug="normandie", name="Parcours Normandie"))
    services.publish_results(programme=offer.programme, actor=None)
    visit(page, axe, "/qualite/")
    page.get_by_role("link", name="Parcours Normandie").click()
    page.wait_for_load_state()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Parcours Normandie")
    expect(page.get_by_role("table")).to_contain_text("moins de 11 personnes")
    page.get_by_role("link", name="Faire une réclamation").click()
    page.wait_for_load_state()
    axe.check(page)
    expect(page.get_by_label("Programme concerné")).to_have_value(str(offer.programme.pk))
    page.get_by_label("Votre adresse e-mail").fill("lou@example.org")
    page.get_by_label("Votre réclamation").fill("Personne ne m'a rappelée.")
    submit(page, axe, "Envoyer ma réclamation")
    expect(page.locator(".messages")).to_contain_text("Votre réclamation est enregistrée")
    assert Complaint.objects.get().statement.email == "lou@example.org"


def test_an_operator_admin_answers_a_complaint(live_server, desktop_page, axe):
    programme = ProgrammeFactory(slug="normandie")
    admin = admin_of(programme)
    item = complaint(programme, body="Rendez-vous annulé sans prévenir.")
    login(desktop_page, axe, admin.email, PASSWORD)
    visit(desktop_page, axe, "/qualite/operateur/reclamations/")
    desktop_page.get_by_role("link", name=item.reference).click()
    desktop_page.wait_for_load_state()
    axe.check(desktop_page)
    submit(desktop_page, axe, "Marquer comme analysée")
    desktop_page.get_by_label("Réponse envoyée à la personne").fill("Nous vous proposons trois créneaux.")
    submit(desktop_page, axe, "Marquer comme répondue")
    expect(desktop_page.locator(".state")).to_have_text("Répondue")
    item.refresh_from_db()
    assert item.state == "answered" and item.statement.answer == "Nous vous proposons trois créneaux."
