"""The coach's workspace in a browser: the caseload flags a person at risk; the coach opens their screen, writes, the
person reads (in their own browser); the coach books a video appointment (the calendar file is valid), marks it done,
and the person's conclusions phase opens. axe-core checks every page, in both browsers."""

import datetime
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from openbilan.coaching.models import Appointment
from openbilan.journeys.models import Interview, Journey
from tests.accounts.factories import PASSWORD
from tests.coaching.factories import followed
from tests.coaching.ics_check import check_calendar, utc_text
from tests.e2e.axe import AxeChecker
from tests.e2e.conftest import AXE_JS, login, submit, visit

LINK = "https://visio.example.org/salle-bilan"


def test_caseload_message_appointment_and_the_conclusions_phase(browser, live_server, desktop_page, axe):
    page = desktop_page
    enrolment = followed(phase="investigation")
    calm = followed(programme=enrolment.programme, coach=enrolment.coach)
    person, coach = enrolment.beneficiary, enrolment.coach
    Journey.objects.filter(enrolment=enrolment).update(last_activity_at=timezone.now() - datetime.timedelta(days=20))

    # The caseload: the silent person is flagged and comes first.
    login(page, axe, coach.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes bénéficiaires")
    rows = page.locator("table.caseload tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(person.get_full_name())
    expect(rows.first).to_contain_text("Sans activité depuis 20 jours")
    expect(page.locator("tr", has_text=calm.beneficiary.get_full_name())).to_contain_text("Aucun")

    # Their screen: everything on one page.
    rows.first.get_by_role("link", name=person.get_full_name()).click()
    axe.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(person.get_full_name())
    expect(page.locator(".risk-box")).to_contain_text("Sans activité depuis 20 jours")

    # A message, that the person then reads in their own browser.
    page.locator("#messages").get_by_label("Votre message").fill("Bonjour, comment avancez-vous ?")
    submit(page, axe, "Envoyer le message")
    expect(page.locator("#messages .msg").last).to_contain_text("Pas encore lu")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="fr-FR")
    person_axe = AxeChecker(AXE_JS.read_text(encoding="utf-8"))
    person_page = context.new_page()
    person_axe.watch(person_page)
    try:
        login(person_page, person_axe, person.email, PASSWORD)
        visit(person_page, person_axe, "/accompagnement/messages/")
        expect(person_page.get_by_role("heading", level=1)).to_have_text("Mes messages")
        expect(person_page.locator(".msg")).to_contain_text("Bonjour, comment avancez-vous ?")

        visit(page, axe, f"/accompagnement/personne/{enrolment.pk}/")
        expect(page.locator("#messages .msg").last).to_contain_text("Lu le")

        # A video appointment starting now, its calendar file, then marked done.
        slot = timezone.localtime(timezone.now() + datetime.timedelta(minutes=2))
        form = page.locator("#appointments form.subform")
        form.get_by_label("Date et heure").fill(slot.strftime("%Y-%m-%dT%H:%M"))
        form.get_by_label("Lien de la visio").fill(LINK)
        submit(page, axe, "Enregistrer le rendez-vous")
        expect(page.locator(".messages")).to_contain_text("Le rendez-vous est fixé")
        with page.expect_download() as download:
            page.get_by_role("link", name="Fichier agenda").click()
        event = check_calendar(Path(download.value.path()).read_bytes())
        appointment = Appointment.objects.get(enrolment=enrolment)
        assert str(event["UID"]) == appointment.uid
        assert str(event["URL"]) == LINK
        assert utc_text(event, "DTSTART") == slot.replace(second=0, microsecond=0).astimezone(datetime.UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )

        visit(page, axe, f"/accompagnement/personne/{enrolment.pk}/")
        submit(page, axe, "A eu lieu")
        expect(page.locator(".messages")).to_contain_text("Il compte comme entretien du bilan")
        assert Interview.objects.get(journey=enrolment.journey).source_ref == str(appointment.pk)

        # The conclusions phase can now open: the person opens it from their journey page.
        visit(person_page, person_axe, f"/parcours/{enrolment.pk}/")
        submit(person_page, person_axe, "Ouvrir la phase de conclusions")
        expect(person_page.locator(".messages")).to_contain_text("La phase de conclusions est ouverte.")
        expect(person_page.locator(".phase-steps [aria-current=step]")).to_contain_text("conclusions")
        person_axe.check_pending(person_page)
    finally:
        context.close()
    person_axe.assert_clean()
    enrolment.journey.refresh_from_db()
    assert enrolment.journey.phase == "conclusions"


def test_slots_proposed_by_the_coach_and_chosen_by_the_person_on_a_phone(browser, live_server, page, axe):
    enrolment = followed(phase="investigation")
    login(page, axe, enrolment.coach.email, PASSWORD)
    visit(page, axe, f"/accompagnement/personne/{enrolment.pk}/")
    form = page.locator("#appointments form.subform")
    form.get_by_label("Proposer des créneaux au choix").check()
    form.get_by_label("Forme").select_option("phone")
    first = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(hour=10, minute=0)
    form.get_by_label("Date et heure").fill(first.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Autre créneau proposé").fill((first + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    submit(page, axe, "Enregistrer le rendez-vous")
    expect(page.locator(".messages")).to_contain_text("Les créneaux sont proposés")
    page.context.clear_cookies()
    login(page, axe, enrolment.beneficiary.email, PASSWORD)
    visit(page, axe, "/accompagnement/rendez-vous/")
    page.get_by_role("button", name="Choisir ce créneau").first.click()
    page.wait_for_load_state()
    axe.check(page)
    expect(page.locator(".messages")).to_contain_text("Le rendez-vous est confirmé")
    assert Appointment.objects.filter(status="booked").count() == 1
    axe.assert_clean()
