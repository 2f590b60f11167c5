"""The beneficiary, end to end, in a real browser: from the invitation link (a password chosen, the bilan accepted)
through the needs analysis, an introspection exercise, the RIASEC questionnaire, the occupation explorer, the
suggestions, a project, to reading and downloading the final synthesis. At 360 px and at desktop width, and again
with JavaScript disabled. axe-core checks every page; with JavaScript, every page is weighed (see test_page_weight).

To stay fast, what other tests already drive click by click is prepared with the factories: the questionnaire's
first 42 answers (the person answers the last page), the coach's confirmation of the needs analysis, the project's
evidence, its validation and the synthesis written by the coach."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from openbilan.accounts.models import Role
from openbilan.assessments.models import Attempt
from openbilan.enrolments import links as invitation_links
from openbilan.journeys import services as journeys
from openbilan.journeys.models import DriverEntry
from openbilan.projects import services as projects
from openbilan.projects.models import Project, Synthesis
from openbilan.recommendations.models import ShortlistItem
from tests.accounts.factories import UserFactory
from tests.assessments.factories import (
    RIASEC,
    WORK_VALUES,
    answer,
    finished_attempt,
    load_instruments,
    riasec_answers,
    started_attempt,
)
from tests.coaching.factories import coach_of
from tests.e2e.walk import Browse, Weights, same_names, screenshot
from tests.journeys.factories import invited
from tests.programmes.factories import ProgrammeFactory
from tests.projects import pdftext
from tests.projects.factories import fill, final_synthesis
from tests.recommendations.factories import referential

NEW_PASSWORD = "un-mot-de-passe-tout-neuf-2027"
ANSWERS = riasec_answers()  # Social, then Artistic and Enterprising
ORDER = [f"{letter}{n}" for n in range(1, 9) for letter in "RIASEC"]  # six per page, in this order
OCCUPATION = "Formateur / Formatrice"


def invited_person():
    """A person invited by an operator's admin: an account without a password, an enrolment waiting for consent,
    the instruments and the small referential loaded; the RIASEC questionnaire answered up to its last page."""
    same_names("beneficiary")
    load_instruments()
    referential()
    programme = ProgrammeFactory(name="Orientation Calvados")
    person = UserFactory(
        first_name="Nadia",
        last_name="Haddad",
        password=None,
        role=Role.BENEFICIARY,
        role__organisation=programme.operator,
    )
    enrolment = invited(programme=programme, beneficiary=person, coach=coach_of(programme))
    attempt = started_attempt(person, RIASEC)
    answer(attempt, {item: ANSWERS[item] for item in ORDER[:42]})
    values = ("relationships", "achievement", "independence", "recognition", "support", "working_conditions")
    finished_attempt(person, WORK_VALUES, {value: rank for rank, value in enumerate(values, start=1)})
    return enrolment


def beneficiary_journey(browse: Browse, *, width: str | None = None):
    page = browse.page
    enrolment = invited_person()
    person = enrolment.beneficiary

    # The invitation link of the e-mail: a password, then what the bilan is, accepted.
    browse.visit(f"/programmes/invitation/{invitation_links.invitation_token(enrolment)}/")
    expect(browse.h1()).to_have_text("Votre invitation")
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Confirmation")).fill(NEW_PASSWORD)
    browse.submit("Continuer")
    expect(browse.h1()).to_have_text("Votre invitation au bilan de compétences")
    page.get_by_label("J'ai lu ces informations. J'accepte de commencer mon bilan de compétences.").check()
    browse.submit("J'accepte et je commence mon bilan")
    expect(browse.h1()).to_have_text("Mon parcours")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)

    # The needs analysis, written by the person, confirmed by the coach (in their own session, elsewhere).
    browse.link("Premier entretien et analyse des besoins")
    form = page.locator("form.entry-form")
    form.get_by_label("Votre demande et vos besoins").fill("Je veux changer de métier.")
    form.get_by_label("Vos objectifs pour ce bilan").fill("Deux pistes réalistes.")
    form.get_by_label("Comment nous allons travailler").fill("Une visio tous les quinze jours.")
    browse.save_entry(form)
    journey = enrolment.journey
    journeys.confirm_needs_analysis(journey=journey, actor=enrolment.coach)
    browse.visit(f"/parcours/{enrolment.pk}/")
    browse.submit("Ouvrir la phase d'investigation")
    expect(page.locator(".message-success")).to_contain_text("La phase d'investigation est ouverte.")

    # An introspection exercise: drivers, written and marked done.
    browse.link("Mes moteurs et mes freins")
    hurry = page.locator("form#hurry_up")
    hurry.get_by_label("Mes exemples").fill("Je fais toujours trois choses à la fois.")
    browse.save_entry(hurry)
    browse.submit("J'ai terminé cet exercice")
    assert DriverEntry.objects.get(journey=journey, driver="hurry_up").examples.startswith("Je fais toujours")

    # The questionnaire: resumed at its last page, answered, results read.
    browse.visit("/mon-bilan/")
    browse.link("Mes questionnaires et mes résultats")
    expect(browse.h1()).to_have_text("Mes questionnaires")
    browse.link("Reprendre")
    expect(page.get_by_text("Page 8 sur 8")).to_be_visible()
    for item in ORDER[42:]:
        page.locator(f'input[name="{item}"][value="{ANSWERS[item]}"]').check()
    if browse.javascript:
        expect(page.locator("#progress-label")).to_have_text("48 réponses enregistrées sur 48")
        page.wait_for_function("document.querySelector('.htmx-request') === null")
    browse.submit("Voir mes résultats")
    expect(page.get_by_role("heading", name="Votre code : SAE")).to_be_visible()
    assert Attempt.objects.get(user=person, instrument_version__slug=RIASEC).is_finished

    # The occupations: a search in the explorer, an occupation page.
    browse.visit("/metiers/?q=formateur")
    browse.link(OCCUPATION, scope=page.locator("main"))
    expect(browse.h1()).to_contain_text(OCCUPATION)

    # The suggestions: explained, one kept in the shortlist.
    browse.visit("/suggestions/")
    expect(browse.h1()).to_have_text("Métiers à explorer")
    expect(page.get_by_text("Exploration, pas sélection.")).to_be_visible()
    browse.link(OCCUPATION, scope=page.locator(".rec-card").filter(has_text=OCCUPATION))
    expect(page.get_by_role("heading", name="Pourquoi ce métier")).to_be_visible()
    keep = page.get_by_role("button", name=f"Garder « {OCCUPATION} » dans ma sélection")
    if browse.javascript:
        keep.click()
        expect(page.get_by_role("button", name=f"Retirer « {OCCUPATION} » de ma sélection")).to_be_visible()
        browse.check()
    else:
        browse.click(keep)
    assert ShortlistItem.objects.filter(user=person, occupation__code_rome="K2111").exists()

    # The project, started from the shortlist; its evidence gathered and validated over the following weeks.
    browse.visit("/projet/")
    expect(browse.h1()).to_have_text("Mes projets et ma synthèse")
    browse.submit(f"En faire un projet : {OCCUPATION}")
    expect(browse.h1()).to_contain_text(OCCUPATION)
    project = fill(Project.objects.get(beneficiary=person))
    projects.transition(project=project, actor=person, action="submit")
    projects.transition(project=project, actor=enrolment.coach, action="validate")
    enrolment.refresh_from_db()  # accepted in the browser since it was loaded: the access rule reads its status
    final_synthesis(enrolment)

    # The synthesis: read, downloaded, receipt confirmed.
    browse.visit("/projet/")
    browse.link("Ouvrir la synthèse")
    expect(browse.h1()).to_have_text("Document de synthèse")
    expect(page.locator(".synthesis-doc")).to_contain_text(person.get_full_name())
    download = page.get_by_role("link", name="Télécharger le PDF")
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert person.get_full_name() in pdftext.text(response.body())
    browse.submit("Je confirme avoir reçu ma synthèse")
    assert Synthesis.objects.get(enrolment=enrolment).received_at is not None

    browse.visit("/mon-bilan/")
    expect(browse.h1()).to_have_text("Bonjour Nadia")
    if width:
        screenshot(page, "beneficiary", width)
    return enrolment


def test_the_beneficiary_from_the_invitation_to_the_synthesis(sized_page, axe, width, live_server):
    weights = Weights(sized_page, urlsplit(live_server.url).netloc)
    beneficiary_journey(Browse(sized_page, axe), width=width)
    weights.assert_light()
    largest = weights.largest()
    print(f"\n{width}: {len(weights.pages)} pages, largest {largest.url} {largest.bytes / 1024:.1f} KB")


def test_the_beneficiary_journey_works_without_javascript(nojs_page, axe):
    beneficiary_journey(Browse(nojs_page, axe, javascript=False))
