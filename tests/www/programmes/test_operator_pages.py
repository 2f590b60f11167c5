"""The operator admin's programme pages: settings, cohort upload with its dry run, export, duplicates."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openbilan.accounts.models import Organisation, Role
from openbilan.enrolments.models import Enrolment
from openbilan.programmes.models import CohortExport, CohortImport, Programme, Referral
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import ProgrammeFactory

FIXTURES = Path(__file__).parents[2] / "programmes" / "fixtures"


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="normandie", cohort_prescribers=True)


@pytest.fixture
def admin_client(client, programme):
    client.force_login(UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator))
    return client


def upload(client, name, **extra):
    data = {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/csv"), **extra}
    return client.post("/programmes/normandie/import/", data)


def test_an_admin_creates_a_programme_of_their_operator(admin_client, programme):
    funder = OrganisationFactory(funder=True)
    agency = OrganisationFactory(prescriber=True)
    response = admin_client.post(
        "/programmes/nouveau/",
        {
            "name": "Orientation Manche 2027",
            "slug": "",
            "funder": funder.pk,
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "capacity": "80",
            "prescribers": [agency.pk],
            "inactivity_days": "10",
            "second_reviewer": "on",
        },
    )
    created = Programme.objects.get(slug="orientation-manche-2027")
    assert response.url == "/programmes/orientation-manche-2027/"
    assert (created.operator, created.funder, created.capacity, created.second_reviewer) == (
        programme.operator,
        funder,
        80,
        True,
    )
    assert list(created.prescribers.all()) == [agency]


def test_a_programme_ending_before_it_starts_is_refused_with_a_message(admin_client):
    funder = OrganisationFactory(funder=True)
    response = admin_client.post(
        "/programmes/nouveau/",
        {"name": "P", "funder": funder.pk, "starts_on": "2027-02-01", "ends_on": "2027-01-01", "inactivity_days": "14"},
    )
    assert response.status_code == 200
    assert "La date de fin doit être après la date de début." in response.content.decode()
    assert Programme.objects.count() == 1


def test_a_huge_capacity_or_threshold_is_refused_with_a_message(admin_client):
    funder = OrganisationFactory(funder=True)
    before = Programme.objects.count()
    response = admin_client.post(
        "/programmes/nouveau/",
        {"name": "P", "funder": funder.pk, "capacity": "99999999999999999999", "inactivity_days": "100000"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"capacity", "inactivity_days"}
    assert Programme.objects.count() == before


def test_an_admin_edits_the_settings_but_not_the_identifier(admin_client, programme):
    data = {
        "name": "Nouveau nom",
        "slug": "autre",
        "funder": programme.funder.pk,
        "inactivity_days": "21",
    }
    admin_client.post("/programmes/normandie/modifier/", data)
    programme.refresh_from_db()
    assert (programme.slug, programme.name, programme.inactivity_days) == ("normandie", "Nouveau nom", 21)


def test_an_admin_of_another_operator_cannot_open_the_programme(client, programme):
    client.force_login(UserFactory(role=Role.OPERATOR_ADMIN))
    for url in (
        "/programmes/normandie/",
        "/programmes/normandie/modifier/",
        "/programmes/normandie/import/",
        "/programmes/normandie/cohorte.csv",
        "/programmes/normandie/doublons/",
    ):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.BENEFICIARY, Role.COACH, Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_other_roles_are_refused_every_operator_page(client, programme, role):
    organisation = {Role.FUNDER_VIEWER: programme.funder}.get(role)
    client.force_login(
        UserFactory(role=role, role__organisation=organisation) if organisation else UserFactory(role=role)
    )
    for url in (
        "/programmes/",
        "/programmes/nouveau/",
        "/programmes/normandie/",
        "/programmes/normandie/import/",
        "/programmes/normandie/cohorte.csv",
        "/programmes/modele-cohorte.csv",
    ):
        assert client.get(url).status_code == 403
    assert client.post("/programmes/normandie/import/", {}).status_code == 403


def test_a_file_with_one_bad_row_shows_that_row_and_imports_nothing(admin_client):
    response = upload(admin_client, "cohort_one_bad_row.csv")
    page = admin_client.get(response.url)
    text = page.content.decode()
    assert "rien n'a été importé" in text
    assert "12/03/1990" in text and "birth_date" in text and "AAAA-MM-JJ" in text
    assert "Importer maintenant" not in text
    assert not Enrolment.objects.exists()
    assert admin_client.post(response.url).status_code == 302  # confirming anyway imports nothing
    assert not Enrolment.objects.exists()


def test_a_good_file_is_previewed_then_imported_on_confirmation(admin_client):
    response = upload(admin_client, "cohort_small.csv")
    text = admin_client.get(response.url).content.decode()
    assert "Importer maintenant" in text and not Enrolment.objects.exists()
    done = admin_client.post(response.url)
    assert done.url == "/programmes/normandie/"
    assert Enrolment.objects.count() == 3
    assert CohortImport.objects.get().state == "applied"
    assert "Personnes ajoutées : 3" in admin_client.get(done.url).content.decode()


def test_an_upload_without_a_file_says_so(admin_client):
    response = admin_client.post("/programmes/normandie/import/", {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_preview_belongs_to_the_admin_who_uploaded_it(admin_client, client, programme):
    response = upload(admin_client, "cohort_small.csv")
    colleague = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    client.force_login(colleague)
    assert client.get(response.url).status_code == 404


def test_the_cohort_export_is_logged(admin_client):
    upload_response = upload(admin_client, "cohort_small.csv")
    admin_client.post(upload_response.url)
    response = admin_client.get("/programmes/normandie/cohorte.csv")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("external_id,first_name") and "personne1@exemple.fr" in text
    assert CohortExport.objects.get().rows == 3


def test_the_duplicates_page_lets_the_admin_merge(admin_client, programme):
    agency = OrganisationFactory(prescriber=True)
    programme.prescribers.add(agency)
    known = UserFactory(role=Role.BENEFICIARY, email="sarah@exemple.fr")
    referral = Referral.objects.create(
        programme=programme,
        prescriber=agency,
        first_name="Sarah",
        last_name="Lemoine",
        email="sarah@exemple.fr",
        state="review",
        duplicate="email",
        duplicate_of=known,
    )
    text = admin_client.get("/programmes/normandie/doublons/").content.decode()
    assert "Même adresse e-mail" in text and "deux personnes différentes" not in text
    admin_client.post(f"/programmes/orientations/{referral.pk}/decision/", {"decision": "merge"})
    referral.refresh_from_db()
    assert referral.state == "merged" and referral.enrolment.beneficiary == known


def test_another_operators_admin_cannot_decide(client, programme):
    agency = OrganisationFactory(prescriber=True)
    referral = Referral.objects.create(
        programme=programme,
        prescriber=agency,
        first_name="A",
        last_name="B",
        email="a@b.fr",
        state="review",
        duplicate="email",
    )
    client.force_login(UserFactory(role=Role.OPERATOR_ADMIN))
    assert client.post(f"/programmes/orientations/{referral.pk}/decision/", {"decision": "cancel"}).status_code == 404
    referral.refresh_from_db()
    assert referral.state == "review"


def test_the_operator_home_lists_the_programmes_with_their_counts(admin_client, programme):
    text = admin_client.get("/operateur/").content.decode()
    assert programme.name in text and "Créer un programme" in text
    assert Organisation.objects.filter(pk=programme.operator_id).exists()


# --- issue 19: files as French offices write them ------------------------------------------------------------------


def test_a_french_spreadsheet_file_is_previewed_with_its_format_and_its_people_then_imported(admin_client):
    text = (FIXTURES / "cohort_semicolon.csv").read_text(encoding="utf-8")
    data = {"file": SimpleUploadedFile("export-excel.csv", text.encode("cp1252"), content_type="text/csv")}
    response = admin_client.post("/programmes/normandie/import/", data)
    page = admin_client.get(response.url).content.decode()
    assert "point-virgule" in page and "Windows-1252" in page
    assert "Prénom1 Nom1" in page and "personne1@exemple.fr" in page and "Ajoutée" in page
    assert "Importer maintenant" in page
    admin_client.post(response.url)
    assert Enrolment.objects.filter(beneficiary__first_name="Prénom1").exists(), "accents kept through the preview"
    assert CohortImport.objects.get().people == [], "names are kept for the preview only"


def test_a_refused_file_does_not_promise_invitations(admin_client):
    response = upload(admin_client, "cohort_one_bad_row.csv")
    page = admin_client.get(response.url).content.decode()
    assert "recevront une invitation" not in page


def test_the_template_has_an_example_line_that_cannot_be_imported_by_mistake(admin_client):
    response = admin_client.get("/programmes/modele-cohorte.csv")
    text = b"".join(response.streaming_content).decode()
    assert len(text.strip().splitlines()) == 2 and "Camille" in text
    data = {"file": SimpleUploadedFile("modele.csv", text.encode(), content_type="text/csv")}
    page = admin_client.get(admin_client.post("/programmes/normandie/import/", data).url).content.decode()
    assert "l&#x27;exemple du modèle" in page or "l'exemple du modèle" in page
    assert "Importer maintenant" not in page
    assert not Enrolment.objects.exists()


def test_an_admin_adds_a_funder_that_the_programme_form_then_offers(admin_client):
    form = admin_client.get("/programmes/nouveau/").content.decode()
    assert 'href="/programmes/financeurs/nouveau/"' in form
    response = admin_client.post("/programmes/financeurs/nouveau/", {"name": "  Région   Bretagne "})
    assert response.status_code == 302
    funder = Organisation.objects.get(kind=Organisation.Kind.FUNDER, name="Région Bretagne")
    assert f'value="{funder.pk}"' in admin_client.get("/programmes/nouveau/").content.decode()


def test_a_funder_of_the_same_name_is_refused_with_a_clear_message(admin_client):
    admin_client.post("/programmes/financeurs/nouveau/", {"name": "Région Bretagne"})
    response = admin_client.post("/programmes/financeurs/nouveau/", {"name": "RÉGION  bretagne"})
    assert response.status_code == 400
    assert "existe déjà" in response.content.decode()
    assert Organisation.objects.filter(kind=Organisation.Kind.FUNDER, name__icontains="bretagne").count() == 1
