"""From a finished RIASEC questionnaire to the suggestion list, one suggestion's evidence, a reaction and the
shortlist; with JavaScript (htmx swaps the actions in place) and without (plain forms). axe-core checks every page."""

import re

from playwright.sync_api import expect

from openbilan.assessments.models import Attempt
from openbilan.recommendations.models import Reaction, ShortlistItem
from openbilan.referential.models import Occupation
from tests.accounts.factories import PASSWORD
from tests.programmes.factories import EnrolmentFactory
from tests.recommendations.factories import NIGHT, Imperatives, person_with_evidence, referential


class Browse:
    """visit/click that check each page with axe (through the JavaScript twin on a JavaScript-free page)."""

    def __init__(self, page, axe):
        self.page, self.axe = page, axe

    def check(self):
        self.axe.check(self.page)

    def visit(self, path):
        self.page.goto(path)
        self.check()

    def click(self, locator):
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def login(self, email):
        self.visit("/compte/connexion/")
        self.page.get_by_label("Adresse e-mail").fill(email)
        self.page.get_by_label("Mot de passe").fill(PASSWORD)
        self.click(self.page.get_by_role("button", name="Se connecter"))


def _person():
    referential()
    return person_with_evidence(past=("D1214",), imperatives=Imperatives((NIGHT,), "5", "1y", "no"))


def _to_first_evidence(browse, person):
    page = browse.page
    browse.login(person.email)
    attempt = Attempt.objects.get(user=person, instrument_version__slug="riasec-markers-48")
    browse.visit(f"/questionnaires/resultats/{attempt.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Centres d'intérêt (RIASEC)")
    browse.visit("/suggestions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Métiers à explorer")
    expect(page.get_by_text("Exploration, pas sélection.")).to_be_visible()
    first = page.locator(".rec-card").first
    label = first.get_by_role("heading", level=2).get_by_role("link").inner_text()
    expect(first).to_contain_text("Vos goûts ressemblent")
    expect(first).not_to_contain_text("corrélation")
    browse.click(first.get_by_role("link", name=label, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)
    expect(page.get_by_role("heading", name="Pourquoi ce métier")).to_be_visible()
    expect(page.get_by_role("heading", name="Accès au métier")).to_be_visible()
    expect(page.get_by_text("Source ROME")).to_be_visible()
    return label


def test_from_questionnaire_to_shortlist_with_javascript(page, axe):
    person = _person()
    browse = Browse(page, axe)
    label = _to_first_evidence(browse, person)
    code = Occupation.objects.get(label=label).code_rome
    page.get_by_role("button", name="Ça me correspond").click()
    expect(page.get_by_role("status").filter(has_text="Votre réaction : Ça me correspond.")).to_be_visible()
    expect(page.get_by_text("Votre réaction est enregistrée.")).to_have_count(0)  # swapped by htmx, no reload
    axe.check(page)  # the swapped fragment
    page.get_by_role("button", name=f"Garder « {label} » dans ma sélection").click()
    expect(page.get_by_role("button", name=f"Retirer « {label} » de ma sélection")).to_be_visible()
    axe.check(page)
    assert Reaction.objects.get(user=person).occupation.code_rome == code
    assert Reaction.objects.get(user=person).kind == "fits"
    browse.visit("/suggestions/selection/")
    expect(page.get_by_role("table")).to_contain_text(label)
    expect(page.get_by_role("table")).to_contain_text("Ça me correspond")


def test_from_questionnaire_to_shortlist_without_javascript(nojs_page, axe):
    person = _person()
    browse = Browse(nojs_page, axe)
    label = _to_first_evidence(browse, person)
    browse.click(nojs_page.get_by_role("button", name="Pas pour moi"))
    expect(nojs_page.get_by_text("Votre réaction est enregistrée.")).to_be_visible()
    expect(nojs_page.get_by_role("status").filter(has_text="Votre réaction : Pas pour moi.")).to_be_visible()
    browse.click(nojs_page.get_by_role("button", name=f"Garder « {label} » dans ma sélection"))
    expect(nojs_page.get_by_text("Métier ajouté à votre sélection.")).to_be_visible()
    assert Reaction.objects.get(user=person).kind == "not_for_me"
    assert ShortlistItem.objects.filter(user=person, occupation__label=label).exists()
    browse.visit("/suggestions/selection/")
    expect(nojs_page.get_by_role("table")).to_contain_text(label)
    browse.visit("/suggestions/pourquoi-pas/?q=infirmier")
    browse.click(nojs_page.get_by_role("link", name="Infirmier / Infirmière en soins généraux (IDE)"))
    expect(
        nojs_page.get_by_text("Écarté : ce métier comporte « Travail de nuit », que vous avez exclu.")
    ).to_be_visible()


def test_business_profile_and_coach_pages_are_accessible(desktop_page, axe):
    referential()
    enrolment = EnrolmentFactory()
    person = person_with_evidence(
        enrolment=enrolment, past=("D1214",), imperatives=Imperatives((NIGHT,), "5", "any", "yes")
    )
    browse = Browse(desktop_page, axe)
    browse.login(person.email)
    browse.visit("/suggestions/creation-activite/")
    expect(desktop_page.get_by_role("heading", level=1)).to_have_text("Créer son activité")
    expect(desktop_page.locator(".rec-card").first).to_be_visible()
    browse.visit("/suggestions/mon-profil/")
    desktop_page.get_by_label("Je souhaite prendre soin des autres").check()
    desktop_page.get_by_label("Compétence 100").check()
    browse.click(desktop_page.get_by_role("button", name="Enregistrer mes choix"))
    expect(desktop_page.get_by_text("Vos choix sont enregistrés.")).to_be_visible()
    browse.click(desktop_page.get_by_role("button", name="Se déconnecter"))
    browse.login(enrolment.coach.email)
    browse.visit(f"/suggestions/personne/{person.pk}/")
    expect(desktop_page.get_by_role("heading", level=1)).to_contain_text("Suggestions de")
    first = desktop_page.locator(".rec-card").first.get_by_role("heading", level=2).get_by_role("link")
    browse.click(first)
    expect(desktop_page.get_by_text("Cette consultation est enregistrée")).to_be_visible()


def _no_horizontal_overflow(page):
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), page.url


def test_on_a_phone_the_first_suggestion_is_on_the_first_screen_and_a_reaction_re_ranks_the_list(page, axe):
    person = _person()
    browse = Browse(page, axe)
    browse.login(person.email)
    browse.visit("/suggestions/")
    _no_horizontal_overflow(page)
    first = page.locator(".rec-card").first
    box = first.locator(".rec-fit").bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"], box  # title and match seen without scrolling
    expect(first.locator(".fit-scale")).to_have_attribute("aria-label", re.compile(r"Ressemblance : \d sur 4"))
    label = first.get_by_role("heading", level=2).get_by_role("link").inner_text()
    first.get_by_role("button", name="Pas pour moi").click()
    expect(page.get_by_role("status").filter(has_text="La liste est mise à jour.")).to_be_visible()
    axe.check(page)  # the list swapped in place
    expect(page.locator(".rec-card").first.get_by_role("heading", level=2)).not_to_contain_text(label)
    assert Reaction.objects.get(user=person).kind == "not_for_me"
    browse.visit("/suggestions/metier/" + Reaction.objects.get(user=person).occupation.code_rome + "/")
    _no_horizontal_overflow(page)
    expect(page.get_by_text("Vous avez dit : « Pas pour moi ».")).to_be_visible()
    page.get_by_text("Comment nous calculons ce score").click()
    expect(page.get_by_role("table", name="Les éléments du score")).to_be_visible()
    _no_horizontal_overflow(page)
    axe.check(page)
    page.get_by_role("button", name="Annuler ma réaction").click()
    expect(page.get_by_role("button", name="Annuler ma réaction")).to_have_count(0)
    assert not Reaction.objects.filter(user=person).exists()
