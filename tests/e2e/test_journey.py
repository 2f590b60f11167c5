"""The journey in a browser: from the invitation to the gate of the conclusions phase; a lost connection while
typing loses nothing saved; a second tab cannot silently overwrite newer text. axe-core checks every page."""

import re

from playwright.sync_api import expect

from openbilan.enrolments.models import EnrolmentStatus
from openbilan.journeys import services
from openbilan.journeys.models import Activity, BeliefEntry, DriverEntry, NeedsAnalysis, TimelineEntry
from tests.accounts.factories import PASSWORD, operator_admin
from tests.assessments.factories import load_instruments
from tests.e2e.conftest import login, submit, visit
from tests.journeys.factories import invited, started_journey

SKIP_REFUSAL = "Vous ne pouvez pas sauter une phase"


def wait_for_htmx(page):
    """Let htmx finish saving before the next navigation (in-memory SQLite: two writers at once would fail)."""
    page.wait_for_function("document.querySelector('.htmx-request') === null")


def saved(form):
    expect(form.locator(".save-state")).to_have_text(re.compile(r"^Enregistré à \d\d:\d\d\.$"), timeout=10_000)


def test_from_the_invitation_to_the_gate_of_the_conclusions(browser, live_server, page, axe):
    load_instruments()
    enrolment = invited()
    person, coach = enrolment.beneficiary, enrolment.coach
    login(page, axe, person.email, PASSWORD)

    # The invitation: what the bilan is, who sees what; nothing starts without ticking the box.
    page.get_by_role("link", name="Lire l'invitation").click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre invitation au bilan de compétences")
    expect(page.get_by_role("heading", name="Qui voit quoi")).to_be_visible()
    submit(page, axe, "J'accepte et je commence mon bilan")
    expect(page.locator(".errorlist")).to_contain_text("cochez la case")
    page.get_by_label("J'ai lu ces informations. J'accepte de commencer mon bilan de compétences.").check()
    submit(page, axe, "J'accepte et je commence mon bilan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon parcours")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE and enrolment.consented_at is not None

    # Trying to skip a phase: an activity of the conclusions phase is refused with a clear message.
    page.get_by_role("link", name="Mon plan d'action").click()
    axe.check(page)
    expect(page.locator(".message-error")).to_contain_text(SKIP_REFUSAL)

    # The needs analysis, autosaved as the person types; the gate explains what is missing.
    expect(page.locator(".gate-closed")).to_contain_text("l'analyse des besoins est complète")
    page.get_by_role("link", name="Premier entretien et analyse des besoins").first.click()
    axe.check(page)
    form = page.locator("form[data-autosave]")
    form.get_by_label("Votre demande et vos besoins").fill("Je veux changer de métier, j'ai mal au dos.")
    form.get_by_label("Vos objectifs pour ce bilan").fill("Deux pistes réalistes près de chez moi.")
    form.get_by_label("Comment nous allons travailler").fill("Un rendez-vous en visio tous les quinze jours.")
    saved(form)
    wait_for_htmx(page)
    assert NeedsAnalysis.objects.get().is_recorded()

    # The coach confirms it, in their own browser.
    coach_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    coach_page = coach_context.new_page()
    axe.watch(coach_page)
    try:
        login(coach_page, axe, coach.email, PASSWORD)
        visit(coach_page, axe, f"/parcours/{enrolment.pk}/analyse-des-besoins/")
        expect(coach_page.locator(".coach-banner")).to_be_visible()
        submit(coach_page, axe, "Confirmer l'analyse des besoins")
        expect(coach_page.locator(".message-success")).to_contain_text("L'analyse des besoins est confirmée")
    finally:
        coach_context.close()

    # The person opens the investigation phase.
    visit(page, axe, f"/parcours/{enrolment.pk}/")
    submit(page, axe, "Ouvrir la phase d'investigation")
    expect(page.locator(".message-success")).to_contain_text("La phase d'investigation est ouverte.")

    # Exercise 1: the life timeline, a job with what was learned.
    page.get_by_role("link", name="Ma ligne de vie").click()
    axe.check(page)
    submit(page, axe, "Un emploi ou une activité")
    entry = page.locator("form[data-autosave]").first
    entry.get_by_label("Quoi ?").fill("Vendeuse en boulangerie")
    entry.get_by_label("Ce que j'ai appris").fill("Accueillir les clients et tenir la caisse.")
    saved(entry)
    wait_for_htmx(page)
    submit(page, axe, "J'ai terminé cet exercice")
    assert TimelineEntry.objects.get().learned == "Accueillir les clients et tenir la caisse."

    # Exercise 2: drivers, with the explicit save button this time (htmx sends it).
    page.get_by_role("link", name="Mes moteurs et mes freins").click()
    axe.check(page)
    hurry = page.locator("form#hurry_up")
    hurry.get_by_label("Mes exemples").fill("Je fais toujours trois choses à la fois.")
    hurry.get_by_role("button", name="Enregistrer").click()
    saved(hurry)
    wait_for_htmx(page)
    submit(page, axe, "J'ai terminé cet exercice")
    assert DriverEntry.objects.get(driver="hurry_up").examples == "Je fais toujours trois choses à la fois."

    # A questionnaire, through the questionnaires feature: the work-values card sort.
    page.get_by_role("link", name="Ce qui compte pour moi au travail").click()
    axe.check(page)
    submit(page, axe, "Commencer ou reprendre le questionnaire")
    submit(page, axe, "Valider mon classement")
    visit(page, axe, f"/parcours/{enrolment.pk}/")
    values = Activity.objects.get(template=enrolment.journey.template, slug="valeurs-travail")
    expect(page.locator(f"#activity-{values.pk} .badge")).to_have_text("Faite")
    expect(page.locator("#phase-investigation + p + .phase-count")).to_have_text("3 sur 13 activités faites")

    # The gate of the conclusions phase: closed until a live interview with the coach took place.
    expect(page.get_by_role("heading", name="Vers la phase de conclusions")).to_be_visible()
    expect(page.locator(".gate-closed")).to_contain_text("parlez en direct avec votre consultant·e, au moins une fois")
    expect(page.get_by_role("button", name="Ouvrir la phase de conclusions")).to_have_count(0)
    page.get_by_role("link", name="Relire votre document de synthèse").click()
    axe.check(page)
    expect(page.locator(".message-error")).to_contain_text(SKIP_REFUSAL)


def type_slowly(locator, text):
    locator.press_sequentially(text, delay=15)


def test_a_lost_connection_loses_nothing_saved_and_the_page_says_so(page, axe):
    journey = started_journey(phase="investigation")
    entry = services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)
    login(page, axe, journey.enrolment.beneficiary.email, PASSWORD)
    visit(page, axe, f"/parcours/{journey.enrolment.pk}/ligne-de-vie/")
    form = page.locator(f"form#e{entry.pk}")
    learned = form.get_by_label("Ce que j'ai appris")

    before_cut = (
        "J'ai appris à accueillir les clients, à tenir une caisse, à gérer les commandes du matin, "
        "à travailler en équipe quand la boutique est pleine, et à garder le sourire même fatiguée. "
    )
    type_slowly(learned, before_cut)
    saved(form)
    wait_for_htmx(page)
    entry.refresh_from_db()
    assert entry.learned == before_cut

    page.context.set_offline(True)
    after_cut = "Puis j'ai formé deux apprentis et j'ai appris à expliquer simplement."
    type_slowly(learned, after_cut)
    expect(form.locator(".save-state")).to_contain_text(
        "Non enregistré : vous n'avez plus de connexion", timeout=10_000
    )
    entry.refresh_from_db()
    assert entry.learned == before_cut  # everything typed before the cut is in the database
    expect(learned).to_have_value(before_cut + after_cut)  # and nothing typed since has left the page

    page.context.set_offline(False)
    saved(form)
    wait_for_htmx(page)
    entry.refresh_from_db()
    assert entry.learned == before_cut + after_cut


def test_a_second_tab_cannot_silently_overwrite_newer_text(page, axe):
    journey = started_journey(phase="investigation")
    entry = services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)
    login(page, axe, journey.enrolment.beneficiary.email, PASSWORD)
    url = f"/parcours/{journey.enrolment.pk}/ligne-de-vie/"
    visit(page, axe, url)
    second = page.context.new_page()
    axe.watch(second)
    visit(second, axe, url)

    first_form = page.locator(f"form#e{entry.pk}")
    first_form.get_by_label("Ce que j'ai aimé").fill("Le texte le plus récent, écrit dans le premier onglet.")
    saved(first_form)
    wait_for_htmx(page)

    second_form = second.locator(f"form#e{entry.pk}")
    second_form.get_by_label("Ce que j'ai aimé").fill("Un texte plus ancien, dans le second onglet.")
    status = second_form.locator(".save-status")
    expect(status).to_contain_text("quelqu'un a modifié ce texte ailleurs", timeout=10_000)
    expect(status.locator(".conflict-text")).to_contain_text("Le texte le plus récent")
    wait_for_htmx(second)
    axe.check(second)
    entry.refresh_from_db()
    assert entry.liked == "Le texte le plus récent, écrit dans le premier onglet."
    second.close()


def test_without_javascript_the_save_button_saves_and_a_stale_save_is_a_form_error(nojs_page, axe):
    journey = started_journey(phase="investigation")
    entry = services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)
    login(nojs_page, axe, journey.enrolment.beneficiary.email, PASSWORD)
    visit(nojs_page, axe, f"/parcours/{journey.enrolment.pk}/ligne-de-vie/")
    form = nojs_page.locator(f"form#e{entry.pk}")
    form.get_by_label("Ce que j'ai appris").fill("Écrit sans JavaScript.")
    with nojs_page.expect_navigation():
        form.get_by_role("button", name="Enregistrer").click()
    axe.check(nojs_page)
    expect(nojs_page.locator(".message-success")).to_have_text("Enregistré.")
    entry.refresh_from_db()
    assert (entry.learned, entry.version) == ("Écrit sans JavaScript.", 2)

    services.save_entry(  # another device saves newer text meanwhile
        journey=journey,
        model=TimelineEntry,
        pk=entry.pk,
        version=2,
        values={"learned": "Plus récent, écrit ailleurs."},
        actor=journey.enrolment.beneficiary,
    )
    form = nojs_page.locator(f"form#e{entry.pk}")
    form.get_by_label("Ce que j'ai appris").fill("Mon texte, sur une page restée ouverte.")
    with nojs_page.expect_navigation():
        form.get_by_role("button", name="Enregistrer").click()
    expect(nojs_page.get_by_role("alert")).to_contain_text("quelqu'un a modifié ce texte ailleurs")
    expect(nojs_page.locator(".conflict-text")).to_contain_text("Plus récent, écrit ailleurs.")
    expect(form.get_by_label("Ce que j'ai appris")).to_have_value("Mon texte, sur une page restée ouverte.")
    entry.refresh_from_db()
    assert entry.learned == "Plus récent, écrit ailleurs."


def test_the_persons_other_pages_pass_axe(page, axe):
    journey = started_journey(phase="investigation")
    person = journey.enrolment.beneficiary
    services.add_entry(journey=journey, model=BeliefEntry, actor=person, belief="Trop tard pour moi.")
    login(page, axe, person.email, PASSWORD)
    base = f"/parcours/{journey.enrolment.pk}/"
    for path in [
        "/mon-bilan/",
        base + "croyances/",
        base + "aspirations/",
        base + "auto-evaluation/entry/",
        base + "analyse-des-besoins/",
        base + "statut/",
        "/parcours/preferences/",
    ]:
        visit(page, axe, path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_the_coachs_and_the_admins_pages_pass_axe(desktop_page, axe):
    journey = started_journey(phase="investigation")
    coach = journey.enrolment.coach
    login(desktop_page, axe, coach.email, PASSWORD)
    base = f"/parcours/{journey.enrolment.pk}/"
    explore = Activity.objects.get(template=journey.template, slug="explorer-metiers")
    for path in ["/parcours/", base, base + "ligne-de-vie/", base + f"activites/{explore.pk}/", base + "statut/"]:
        visit(desktop_page, axe, path)
    visit(desktop_page, axe, base)
    desktop_page.get_by_label("Durée (minutes)").fill("45")
    submit(desktop_page, axe, "Noter l'entretien")
    expect(desktop_page.locator(".message-success")).to_have_text("L'entretien est noté.")
    submit(desktop_page, axe, "Se déconnecter")

    admin = operator_admin(role__organisation=journey.enrolment.programme.operator)
    login(desktop_page, axe, admin.email, PASSWORD)
    visit(desktop_page, axe, "/parcours/modeles/")
    desktop_page.get_by_role("link", name="Bilan 12 semaines").click()
    axe.check(desktop_page)
    submit(desktop_page, axe, "Créer une copie modifiable")
    desktop_page.get_by_role("link", name="Modifier Ma ligne de vie").click()
    axe.check(desktop_page)
    desktop_page.get_by_label("Semaine prévue").fill("3")
    submit(desktop_page, axe, "Enregistrer")
    submit(desktop_page, axe, "Descendre Ma ligne de vie")
    titles = desktop_page.locator(".editor-list").nth(1).locator(".editor-title")
    expect(titles.nth(1)).to_have_text("Ma ligne de vie")
