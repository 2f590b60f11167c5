"""Programmes in a browser: an operator admin creates a programme and imports a cohort (a file with a bad row first:
nothing imported, the row reported); a prescriber refers a person, who accepts from their invitation link, and the
prescriber then sees where the bilan is. axe-core checks every page."""

import re
from pathlib import Path

from playwright.sync_api import expect

from openbilan.enrolments import links as invitation_links
from openbilan.enrolments.models import Enrolment
from openbilan.programmes import links
from openbilan.programmes.models import Programme, Referral
from tests.accounts.factories import PASSWORD, OrganisationFactory, UserFactory, operator_admin
from tests.e2e.conftest import login, submit, visit
from tests.programmes.factories import ProgrammeFactory

FIXTURES = Path(__file__).parents[1] / "programmes" / "fixtures"


def test_an_admin_creates_a_programme_and_imports_a_cohort(page, axe):
    admin = operator_admin()
    funder = OrganisationFactory(funder=True, name="Région Normandie")
    OrganisationFactory(prescriber=True, name="Mission locale de Caen")
    # The prescribers the cohort file names: a file may only name the programme's own (issue 16, finding 3).
    OrganisationFactory(prescriber=True, name="France Travail Caen")
    OrganisationFactory(prescriber=True, name="Mission locale de Rouen", network="mission_locale")
    login(page, axe, admin.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")

    page.get_by_role("link", name="Créer un programme").click()
    axe.check(page)
    page.get_by_label("Nom du programme").fill("Orientation Calvados 2027")
    page.get_by_label("Financeur").select_option(label=funder.name)
    page.get_by_label("Date de début").fill("2027-01-04")
    page.get_by_label("Date de fin").fill("2027-12-17")
    page.get_by_label("Nombre de places").fill("80")
    for name in ("Mission locale de Caen", "France Travail Caen", "Mission locale de Rouen"):
        page.get_by_label(name).check()
    submit(page, axe, "Enregistrer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orientation Calvados 2027")
    programme = Programme.objects.get(name="Orientation Calvados 2027")
    assert (programme.operator_id, programme.capacity, programme.prescribers.count()) == (
        admin.memberships.get().organisation_id,
        80,
        3,
    )

    # A file with one bad row: the row is reported, nothing is imported.
    page.get_by_role("link", name="Importer un fichier de cohorte").click()
    axe.check(page)
    page.get_by_label("Fichier CSV de la cohorte").set_input_files(FIXTURES / "cohort_one_bad_row.csv")
    submit(page, axe, "Vérifier le fichier")
    expect(page.get_by_role("alert")).to_contain_text("rien n'a été importé")
    row = page.get_by_role("row").filter(has_text="12/03/1990")
    expect(row).to_contain_text("birth_date")
    expect(row).to_contain_text("AAAA-MM-JJ")
    expect(page.get_by_role("button", name="Importer maintenant")).to_have_count(0)
    assert not Enrolment.objects.filter(programme=programme).exists()

    # The corrected file: previewed, then imported on confirmation.
    page.get_by_role("link", name="Déposer un autre fichier").click()
    axe.check(page)
    page.get_by_label("Fichier CSV de la cohorte").set_input_files(FIXTURES / "cohort_small.csv")
    submit(page, axe, "Vérifier le fichier")
    expect(page.locator(".counts")).to_contain_text("3 personnes à ajouter")
    assert not Enrolment.objects.filter(programme=programme).exists()
    submit(page, axe, "Importer maintenant")
    expect(page.locator(".message-success")).to_contain_text("Personnes ajoutées : 3")
    assert Enrolment.objects.filter(programme=programme, status="invited").count() == 3


def test_a_prescriber_refers_a_person_and_sees_the_status_once_she_accepts(page, axe):
    agency = OrganisationFactory(prescriber=True, name="France Travail Lisieux")
    programme = ProgrammeFactory(name="Orientation Pays d'Auge")
    programme.prescribers.add(agency)
    adviser = UserFactory(role="prescriber", role__organisation=agency)
    login(page, axe, adviser.email, PASSWORD)
    page.get_by_role("link", name="Orienter une personne").click()
    axe.check(page)
    page.get_by_label("Prénom").fill("Sarah")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Lemoine")
    page.get_by_label("Adresse e-mail").fill("sarah.lemoine@exemple.fr")
    page.get_by_label("Niveau de qualification").select_option("4")
    submit(page, axe, "Envoyer l'invitation")
    expect(page.locator(".message-success")).to_contain_text("La personne reçoit un e-mail qui lui propose le bilan")
    expect(page.get_by_role("row").filter(has_text="Lemoine")).to_contain_text("Non partagé")
    page.get_by_role("button", name="Se déconnecter").click()
    axe.check(page)

    # The person opens the link of her e-mail, chooses a password, reads the invitation and accepts, sharing.
    enrolment = Referral.objects.get().enrolment
    visit(page, axe, f"/programmes/invitation/{invitation_links.invitation_token(enrolment)}/")
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("un-mot-de-passe-solide-2027")
    page.get_by_label(re.compile(r"^Confirmation")).fill("un-mot-de-passe-solide-2027")
    submit(page, axe, "Continuer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre invitation au bilan de compétences")
    page.get_by_label("J'ai lu ces informations. J'accepte de commencer mon bilan de compétences.").check()
    page.get_by_label("J'accepte que l'organisme qui m'a orienté voie où en est mon bilan.").check()
    submit(page, axe, "J'accepte et je commence mon bilan")
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and enrolment.shares_with_prescriber
    page.get_by_role("button", name="Se déconnecter").click()
    axe.check(page)

    login(page, axe, adviser.email, PASSWORD)
    expect(page.get_by_role("row").filter(has_text="Lemoine")).to_contain_text("En cours")


def test_the_survey_disability_duplicates_and_outcome_pages_pass_axe(page, axe):
    import datetime

    from openbilan.accounts.models import Role
    from openbilan.programmes.models import Survey
    from tests.programmes.factories import EnrolmentFactory

    enrolment = EnrolmentFactory(completed=True)
    survey = Survey.objects.create(enrolment=enrolment, kind="6m", due_on=datetime.date(2026, 1, 1))
    visit(page, axe, f"/programmes/enquete/{links.survey_token(survey)}/")
    page.get_by_label("En recherche d'emploi").check()
    page.get_by_role("group", name="Je me connais mieux").get_by_label("Tout à fait d'accord").check()
    submit(page, axe, "Envoyer mes réponses")
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")

    login(page, axe, enrolment.beneficiary.email, PASSWORD)
    visit(page, axe, "/programmes/handicap/")
    page.get_by_label("Oui").check()
    page.get_by_label(re.compile("^J'accepte qu'OpenBilan conserve")).check()
    submit(page, axe, "Enregistrer")
    expect(page.locator(".message-success")).to_contain_text("Votre déclaration est enregistrée")
    page.get_by_role("button", name="Se déconnecter").click()
    axe.check(page)

    login(page, axe, enrolment.coach.email, PASSWORD)
    visit(page, axe, f"/programmes/inscriptions/{enrolment.pk}/situation/")
    expect(page.get_by_role("table")).to_contain_text("En recherche d'emploi")
    page.get_by_role("button", name="Se déconnecter").click()
    axe.check(page)

    programme = enrolment.programme
    agency = OrganisationFactory(prescriber=True)
    Referral.objects.create(
        programme=programme,
        prescriber=agency,
        first_name="Sarah",
        last_name="Lemoine",
        email=enrolment.beneficiary.email,
        state="review",
        duplicate="email",
        duplicate_of=enrolment.beneficiary,
    )
    admin = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    login(page, axe, admin.email, PASSWORD)
    visit(page, axe, f"/programmes/{programme.slug}/doublons/")
    submit(page, axe, "C'est la même personne : rattacher")
    expect(page.locator(".message-success")).to_contain_text("La décision est enregistrée")
