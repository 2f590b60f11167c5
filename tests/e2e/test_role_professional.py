"""The professional who meets beneficiaries, in a real browser, at 360 px and at desktop width: a meeting request
received, accepted, a date proposed and a message sent; the person's surname and bilan never shown. axe-core checks
every page."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from openbilan.network.models import Meeting
from tests.e2e.walk import Browse, same_names, screenshot
from tests.network.factories import professional, requested
from tests.projects.factories import bilan


def test_the_professional_accepts_a_meeting_and_proposes_a_date(sized_page, axe, width):
    page = sized_page
    same_names("professional")
    enrolment = bilan()
    person = enrolment.beneficiary
    pro = professional(enrolment.programme.operator, headline="Formatrice pour adultes")
    meeting = requested(enrolment, pro)
    browse = Browse(page, axe)

    browse.login(pro.user.email)
    expect(browse.h1()).to_have_text("Mon espace professionnel")
    screenshot(page, "professional", width)
    browse.link(f"{person.first_name} · Formateur / Formatrice")
    expect(browse.h1()).to_have_text(f"Rencontre avec {person.first_name}")
    expect(page.locator("main")).not_to_contain_text(person.last_name)
    browse.submit("Accepter la rencontre")

    slot = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(hour=18, minute=0)
    schedule = page.locator("#schedule")
    schedule.get_by_label("Date et heure").fill(slot.strftime("%Y-%m-%dT%H:%M"))
    schedule.get_by_label("Lieu, numéro ou lien de visio").fill("Café de la gare, Caen")
    browse.submit("Enregistrer la date")
    page.locator("#message").get_by_label("Votre message").fill("Avec plaisir. Le café de la gare vous va ?")
    browse.submit("Envoyer le message")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.ACCEPTED
    assert meeting.scheduled_at is not None

    browse.visit("/reseau/pro/")
    expect(page.locator("section", has_text="Rencontres acceptées")).to_contain_text(person.first_name)
