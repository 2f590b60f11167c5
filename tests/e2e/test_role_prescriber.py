"""The prescriber (a France Travail adviser), in a real browser, at 360 px and at desktop width: refers a person, then
reads the follow-up of their referrals (status and outcome only where the person agreed to share them). axe-core
checks every page."""

import re

from playwright.sync_api import expect

from openbilan.programmes.models import Referral
from tests.accounts.factories import OrganisationFactory, UserFactory, prescriber
from tests.e2e.walk import Browse, same_names, screenshot
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def test_the_prescriber_refers_a_person_and_follows_the_referrals(sized_page, axe, width):
    page = sized_page
    same_names("prescriber")
    agency = OrganisationFactory(prescriber=True, name="France Travail Lisieux")
    programme = ProgrammeFactory(name="Orientation Pays d'Auge")
    programme.prescribers.add(agency)
    adviser = prescriber(role__organisation=agency)
    EnrolmentFactory(
        completed=True,
        programme=programme,
        prescriber=agency,
        shares_with_prescriber=True,
        outcome="training",
        beneficiary=UserFactory(role="beneficiary", first_name="Inès", last_name="Marchand"),
    )
    EnrolmentFactory(
        programme=programme,
        prescriber=agency,
        shares_with_prescriber=False,
        beneficiary=UserFactory(role="beneficiary", first_name="Hugo", last_name="Perrin"),
    )
    browse = Browse(page, axe)

    browse.login(adviser.email)
    expect(browse.h1()).to_have_text("Mes orientations")
    screenshot(page, "prescriber", width)
    browse.link("Orienter une personne")
    page.get_by_label("Prénom").fill("Sarah")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Lemoine")
    page.get_by_label("Adresse e-mail").fill("sarah.lemoine@exemple.fr")
    page.get_by_label("Niveau de qualification").select_option("4")
    browse.submit("Envoyer l'invitation")
    expect(page.locator(".message-success")).to_contain_text("La personne reçoit un e-mail qui lui propose le bilan")
    assert Referral.objects.get(prescriber=agency).last_name == "Lemoine"

    browse.link("Voir toutes mes orientations")
    expect(browse.h1()).to_have_text("Suivi de mes orientations")
    table = page.get_by_role("table", name="Personnes orientées")
    expect(table.get_by_role("row").filter(has_text="Marchand")).to_contain_text("Formation qualifiante")
    expect(table.get_by_role("row").filter(has_text="Marchand")).to_contain_text("Terminé")
    expect(table.get_by_role("row").filter(has_text="Perrin")).to_contain_text("Non partagé")
    expect(table.get_by_role("row").filter(has_text="Perrin")).not_to_contain_text("En cours")
    expect(table.get_by_role("row").filter(has_text="Lemoine")).to_contain_text("Non partagé")
