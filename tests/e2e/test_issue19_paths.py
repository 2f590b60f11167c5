"""Issue 19, in a real browser at 360 px: the coach reaches the inbox, the agenda and the projects to validate from
their home by links only, the person reaches their suggestions from the home and from a journey activity, and none
of these pages (nor the occupation page) is wider than the screen. axe-core checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openbilan.coaching import services as coaching
from openbilan.journeys.models import Activity
from tests.accounts.factories import totp_device
from tests.coaching.factories import AppointmentFactory
from tests.e2e.walk import Browse
from tests.projects.factories import bilan, submitted

WIDTH = 360


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def assert_fits(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px: {page.evaluate(WIDEST)}"


@pytest.mark.two_factor
def test_the_coach_reaches_inbox_agenda_and_projects_from_home_and_nothing_overflows(page, axe):
    enrolment = bilan()
    coach = enrolment.coach
    submitted(enrolment)
    coaching.send_message(enrolment=enrolment, sender=enrolment.beneficiary, body="Bonjour", notify=False)
    AppointmentFactory(enrolment=enrolment, starts_at=timezone.now() + datetime.timedelta(days=2))
    totp_device(coach)
    browse = Browse(page, axe)
    browse.login(coach.email)
    home = page.url
    assert_fits(page)
    browse.click(page.get_by_role("link", name=enrolment.beneficiary.get_full_name()).first)
    assert_fits(page)  # the person's page, with its appointments and their actions
    for link, heading in [
        ("Messages de mes bénéficiaires", "Messages de vos bénéficiaires"),
        ("Mon agenda", "Mon agenda"),
        ("Projets à valider", None),
    ]:
        browse.visit(home)
        browse.link(link)
        if heading:
            expect(browse.h1()).to_have_text(heading)
        assert_fits(page)
    browse.visit(home)
    browse.link("Messages de mes bénéficiaires")
    browse.link(enrolment.beneficiary.get_full_name())
    assert_fits(page)


def test_the_person_reaches_the_suggestions_from_home_and_from_the_journey(page, axe):
    from tests.recommendations.factories import person_with_evidence, referential

    referential()
    person = person_with_evidence(past=("D1214",))
    browse = Browse(page, axe)
    browse.login(person.email)
    assert_fits(page)
    browse.link("Les pistes de métiers proposées")
    expect(browse.h1()).to_be_visible()
    assert "/suggestions/" in page.url
    assert_fits(page)
    browse.visit("/mon-bilan/")
    browse.link("Voir tout mon parcours")
    assert_fits(page)
    journey_activity = Activity.objects.get(slug="pistes-proposees", template__slug="bilan-12-semaines")
    browse.link(journey_activity.title_fr)
    assert "/suggestions/" in page.url


def test_the_occupation_page_fits_a_phone(page, axe):
    from openbilan.referential import services
    from tests.referential.conftest import FIXTURE_DIR

    services.import_referential(directory=FIXTURE_DIR)
    browse = Browse(page, axe)
    browse.visit("/metiers/")
    page.get_by_label("Métier ou appellation").fill("devlopeur")
    browse.submit("Rechercher")
    browse.link("Développeur / Développeuse web")
    expect(browse.h1()).to_have_text("Développeur / Développeuse web")
    assert_fits(page)
