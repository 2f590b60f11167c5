"""The operator's admin, in a real browser, at 360 px and at desktop width, signed in with the second factor: sets a
programme up, imports its cohort from a small CSV file (checked, previewed, then imported), and finds the people
invited on the programme page. axe-core checks every page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from openbilan.accounts.models import Organisation
from openbilan.enrolments.models import Enrolment
from openbilan.programmes.models import Programme
from tests.accounts.factories import OrganisationFactory, operator_admin, totp_device
from tests.e2e.walk import Browse, same_names, screenshot

COHORT = Path(__file__).parent / "fixtures" / "cohort_two.csv"

pytestmark = pytest.mark.two_factor


def test_the_admin_sets_a_programme_up_and_imports_its_cohort(sized_page, axe, width):
    page = sized_page
    same_names("operator")
    admin = operator_admin()
    totp_device(admin)
    funder = OrganisationFactory(funder=True, name="Région Normandie")
    OrganisationFactory(prescriber=True, name="Mission locale de Caen", network=Organisation.Network.MISSION_LOCALE)
    # A cohort file names only the programme's own prescribers (issue 16): the admin ticks both on the form.
    OrganisationFactory(prescriber=True, name="France Travail Lisieux", network=Organisation.Network.FRANCE_TRAVAIL)
    browse = Browse(page, axe)

    browse.login(admin.email)
    expect(browse.h1()).to_have_text("Programmes")
    screenshot(page, "operator", width)
    browse.link("Créer un programme")
    page.get_by_label("Nom du programme").fill("Orientation Calvados 2027")
    page.get_by_label("Financeur").select_option(label=funder.name)
    page.get_by_label("Date de début").fill("2027-01-04")
    page.get_by_label("Date de fin").fill("2027-12-17")
    page.get_by_label("Nombre de places").fill("80")
    page.get_by_label("Mission locale de Caen").check()
    page.get_by_label("France Travail Lisieux").check()
    browse.submit("Enregistrer")
    expect(browse.h1()).to_have_text("Orientation Calvados 2027")
    programme = Programme.objects.get(name="Orientation Calvados 2027")

    browse.link("Importer un fichier de cohorte")
    page.get_by_label("Fichier CSV de la cohorte").set_input_files(COHORT)
    browse.submit("Vérifier le fichier")
    expect(page.locator(".counts")).to_contain_text("2 personnes à ajouter")
    assert not Enrolment.objects.filter(programme=programme).exists()
    browse.submit("Importer maintenant")
    expect(page.locator(".message-success")).to_contain_text("Personnes ajoutées : 2")
    assert set(
        Enrolment.objects.filter(programme=programme, status="invited").values_list("beneficiary__email", flat=True)
    ) == {
        "lea.fontaine@exemple.fr",
        "omar.diallo@exemple.fr",
    }
