"""The coach's day, in a real browser, at 360 px and at desktop width: signed in with the second factor, the caseload,
a person's screen, a message, a private note, an appointment booked and one marked as held, a submitted project
validated. axe-core checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openbilan.coaching.models import Appointment, AppointmentStatus, CoachNote, Message
from openbilan.projects.models import Project, ProjectState
from tests.accounts.factories import totp_device
from tests.coaching.factories import AppointmentFactory, followed
from tests.e2e.walk import Browse, same_names, screenshot
from tests.projects.factories import bilan, submitted

pytestmark = pytest.mark.two_factor


def test_the_coachs_day_on_the_caseload(sized_page, axe, width):
    page = sized_page
    same_names("coach")
    enrolment = bilan()
    person, coach = enrolment.beneficiary, enrolment.coach
    followed(programme=enrolment.programme, coach=coach)  # a second person in the caseload
    submitted(enrolment)
    held = AppointmentFactory(enrolment=enrolment, starts_at=timezone.now() - datetime.timedelta(hours=2))
    totp_device(coach)
    browse = Browse(page, axe)

    browse.login(coach.email)
    expect(browse.h1()).to_have_text("Mes bénéficiaires")
    rows = page.locator("table.caseload tbody tr")
    expect(rows).to_have_count(2)
    screenshot(page, "coach", width)

    browse.click(page.get_by_role("link", name=person.get_full_name()))
    expect(browse.h1()).to_have_text(person.get_full_name())

    page.locator("#messages").get_by_label("Votre message").fill("Bonjour, votre projet est prêt à valider.")
    browse.submit("Envoyer le message")
    assert Message.objects.get(enrolment=enrolment).recipient == person

    page.locator("#notes").get_by_label("Nouvelle note").fill("Projet solide ; vérifier le financement CPF.")
    browse.submit("Enregistrer la note")
    assert CoachNote.objects.get(enrolment=enrolment).body.startswith("Projet solide")

    slot = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(hour=14, minute=0)
    form = page.locator("#appointments form.subform")
    form.get_by_label("Date et heure").fill(slot.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Lien de la visio").fill("https://visio.example.org/salle-bilan")
    browse.submit("Enregistrer le rendez-vous")
    expect(page.locator(".messages")).to_contain_text("Le rendez-vous est fixé")
    browse.click(page.get_by_role("button", name="A eu lieu"))
    held.refresh_from_db()
    assert held.status == AppointmentStatus.DONE
    assert Appointment.objects.filter(enrolment=enrolment, status=AppointmentStatus.BOOKED).count() == 1

    browse.click(page.locator("#project").get_by_role("link", name="Formateur / Formatrice"))
    expect(browse.h1()).to_contain_text("Formateur / Formatrice")
    browse.submit("Valider le projet")
    expect(page.locator(".messages")).to_contain_text("Le projet est validé.")
    assert Project.objects.get(beneficiary=person).state == ProjectState.VALIDATED
