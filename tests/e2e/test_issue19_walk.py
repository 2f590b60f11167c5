"""Issue 19, acceptance: a new beneficiary walks from the invitation e-mail to the synthesis by links only, at 360 px.

The browser never types an address: the invitation link is read from the e-mail in the outbox, then every page is
reached by a link, a button or a form of the page before. A past job picked by its title counts in the suggestions
(the suggestions asked for it, "Ajoutez vos emplois passés", and no longer do); the activities the platform proves
(reading the suggestions, choosing the project, the plan, the synthesis) are ticked by its events and never offer
"C'est fait". The coach validates the project, writes, sends and finalises the synthesis in a second browser, by
links too; the confirmation of the needs analysis goes through the services, and the evidence of the project is
filled by the factory, as in tests/e2e/test_role_beneficiary.py. axe-core checks every page of both browsers."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from openbilan.enrolments import emails as invitation_emails
from openbilan.journeys import services as journeys
from openbilan.journeys.models import Activity, ActivityProgress, TimelineEntry
from openbilan.projects.models import Project, Synthesis
from tests.accounts.factories import totp_device
from tests.e2e.test_issue19_paths import assert_fits
from tests.e2e.test_role_beneficiary import ANSWERS, NEW_PASSWORD, ORDER, invited_person
from tests.e2e.walk import Browse
from tests.projects.factories import fill

PAST_JOB = "Aide-soignant / Aide-soignante"
PROVED = ("pistes-proposees", "choisir-projet", "plan-action", "synthese")
MISSING_PAST = "Ajoutez vos emplois passés"


def invitation_path(enrolment):
    """The link of the invitation e-mail, as the task worker sends it."""
    mail.outbox.clear()
    invitation_emails.deliver_invitation(enrolment_id=enrolment.pk)
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/programmes/invitation/\S+/", message.body).group(0)
    return urlsplit(link).path


def home(browse):
    browse.link("Mon espace")
    expect(browse.h1()).to_have_text(re.compile(r"^Bonjour "))
    assert_fits(browse.page)


def journey_page(browse):
    home(browse)
    browse.link("Voir tout mon parcours")
    expect(browse.h1()).to_have_text("Mon parcours")
    assert_fits(browse.page)


def open_activity(browse, slug):
    title = Activity.objects.get(template__slug="bilan-12-semaines", slug=slug).title_fr
    browse.link(title, scope=browse.page.locator(".phase"))
    assert_fits(browse.page)


def no_done_button(page):
    expect(page.get_by_role("button", name=re.compile("C'est fait"))).to_have_count(0)


@pytest.mark.two_factor
def test_a_new_beneficiary_walks_from_the_invitation_to_the_synthesis_by_links(page, axe, browser, live_server):
    enrolment = invited_person()
    person, coach = enrolment.beneficiary, enrolment.coach
    totp_device(coach)

    def coach_browser():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="fr-FR")
        coach_page = context.new_page()
        axe.watch(coach_page)
        return coach_page

    browse = Browse(page, axe)

    # The e-mail's link: a password, then the bilan accepted.
    browse.visit(invitation_path(enrolment))
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Confirmation")).fill(NEW_PASSWORD)
    browse.submit("Continuer")
    page.get_by_label("J'ai lu ces informations. J'accepte de commencer mon bilan de compétences.").check()
    browse.submit("J'accepte et je commence mon bilan")
    expect(browse.h1()).to_have_text("Mon parcours")
    assert_fits(page)

    # The needs analysis: the next step of the home page, written; the coach confirms it.
    home(browse)
    browse.link("Continuer")
    form = page.locator("form.entry-form")
    form.get_by_label("Votre demande et vos besoins").fill("Je veux changer de métier.")
    form.get_by_label("Vos objectifs pour ce bilan").fill("Deux pistes réalistes.")
    form.get_by_label("Comment nous allons travailler").fill("Une visio tous les quinze jours.")
    browse.save_entry(form)
    journey = enrolment.journey
    journeys.confirm_needs_analysis(journey=journey, actor=coach)
    journey_page(browse)
    browse.submit("Ouvrir la phase d'investigation")
    expect(page.locator(".message-success")).to_contain_text("La phase d'investigation est ouverte.")

    # The interests questionnaire, resumed at its last page, then its results lead to the suggestions.
    home(browse)
    browse.link("Mes questionnaires et mes résultats")
    browse.link("Reprendre")
    for item in ORDER[42:]:
        page.locator(f'input[name="{item}"][value="{ANSWERS[item]}"]').check()
    expect(page.locator("#progress-label")).to_have_text("48 réponses enregistrées sur 48")
    page.wait_for_function("document.querySelector('.htmx-request') === null")
    browse.submit("Voir mes résultats")
    assert_fits(page)
    browse.link("Voir les métiers proposés")
    expect(browse.h1()).to_have_text("Métiers à explorer")
    expect(page.locator("main")).to_contain_text(MISSING_PAST)
    assert_fits(page)

    # The life line: a past job picked by its title, never a code.
    journey_page(browse)
    open_activity(browse, "ligne-de-vie")
    browse.submit("Un emploi ou une activité")
    form = page.locator("form.entry-form").last
    form.get_by_label("Quoi ?").fill("Aide-soignante à l'hôpital de Caen")
    form.get_by_label("Année de début").fill("2012")
    form.get_by_label("Le métier (facultatif)").fill(PAST_JOB)
    browse.save_entry(form)
    entry = TimelineEntry.objects.get(journey=journey, kind=TimelineEntry.Kind.JOB)
    assert entry.rome_code_ogr.isdigit()
    assert_fits(page)

    # The suggestions now count the past job: it is no longer asked for.
    home(browse)
    browse.link("Les pistes de métiers proposées")
    expect(page.locator("main")).not_to_contain_text(MISSING_PAST)
    card = page.locator(".rec-card").first
    title = card.get_by_role("link").first.inner_text()
    browse.click(card.get_by_role("link").first)
    assert_fits(page)
    page.get_by_role("button", name=f"Garder « {title} » dans ma sélection").click()  # htmx: kept in place
    expect(page.get_by_role("button", name=f"Retirer « {title} » de ma sélection")).to_be_visible()
    browse.check()

    # The project, from the home page; its evidence gathered over the weeks, submitted by the person.
    home(browse)
    browse.link("Mon projet")
    browse.submit(f"En faire un projet : {title}")
    expect(browse.h1()).to_contain_text(title)
    project = fill(Project.objects.get(beneficiary=person))
    home(browse)
    browse.link("Mon projet")
    browse.link(title, scope=page.locator("main"))
    assert_fits(page)
    browse.submit("Demander la validation")
    project.refresh_from_db()
    assert project.state == "submitted"

    # The coach, in their own browser, by links: validates the project, writes the synthesis, sends it.
    enrolment.refresh_from_db()
    coach_page = coach_browser()
    as_coach = Browse(coach_page, axe)
    as_coach.login(coach.email)
    as_coach.link("Projets à valider")
    as_coach.link(title, scope=coach_page.locator("main"))
    as_coach.submit("Valider le projet")
    expect(coach_page.locator(".messages")).to_contain_text("Le projet est validé.")
    as_coach.link(f"Projets de {person.get_full_name()}")
    as_coach.link("Rédiger la synthèse")
    coach_page.get_by_label("Le contexte du bilan").fill("Vous avez demandé ce bilan pour changer de métier.")
    coach_page.get_by_label("Le projet et ses principales étapes").fill("Votre projet est validé.")
    as_coach.submit("Enregistrer une nouvelle version")
    as_coach.submit("Envoyer à la personne pour ses commentaires")
    assert_fits(coach_page)

    # The person is told on the home page that the synthesis waits for their comments.
    home(browse)
    browse.link(
        "Votre consultant·e vous a envoyé votre document de synthèse : relisez-le et dites ce que vous en pensez"
    )
    expect(browse.h1()).to_have_text("Document de synthèse")
    assert_fits(page)

    # The coach makes it final; the person reads it and confirms it.
    as_coach.submit("Rendre la synthèse définitive")
    coach_page.context.close()
    home(browse)
    browse.link("Votre document de synthèse est prêt : lisez-le et confirmez que vous l'avez reçu")
    expect(browse.h1()).to_have_text("Document de synthèse")
    expect(page.locator(".synthesis-doc")).to_contain_text("Vous avez demandé ce bilan pour changer de métier.")
    assert_fits(page)
    browse.submit("Je confirme avoir reçu ma synthèse")
    assert Synthesis.objects.get(enrolment=enrolment).received_at is not None

    # What the platform proved is ticked, and none of those activities offers "C'est fait".
    done = {
        progress.activity.slug
        for progress in ActivityProgress.objects.filter(journey=journey, state=ActivityProgress.State.DONE)
    }
    assert set(PROVED) <= done, done
    for slug in PROVED:
        journey_page(browse)
        open_activity(browse, slug)
        no_done_button(page)
