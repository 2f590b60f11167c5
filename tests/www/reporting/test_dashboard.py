"""The funder's dashboard, its exports and the report page: aggregates of their own programmes only."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from openbilan.accounts.models import Role
from openbilan.programmes import services
from openbilan.www.reporting import documents, exports
from openbilan.www.reporting.forms import SegmentForm
from tests.accounts.factories import UserFactory
from tests.programmes.cohort import csv_bytes, pilot_rows
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


@pytest.fixture
def pilot(db):
    programme = ProgrammeFactory(slug="pilote", cohort_prescribers=True)
    services.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    return programme


@pytest.fixture
def funder_client(client, pilot):
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=pilot.funder))
    return client


def test_the_dashboard_shows_the_seed_figures(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/").content.decode()
    for figure in ("63,0\u00a0%", "20,6\u00a0%", "17,5\u00a0%"):
        assert figure in text
    assert "Chiffres au" in text  # the funder reads a dated publication
    assert 'role="img"' in text and "<caption" in text


def test_the_dashboard_never_names_a_person(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/").content.decode()
    assert "Nom1" not in text and "@exemple.fr" not in text


def test_small_breakdown_cells_are_shown_as_less_than_eleven(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/?segment=prescriber_network").content.decode()
    assert "&lt; 11" in text
    assert "APEC" in text


def test_the_same_url_answers_htmx_with_the_breakdown_only(funder_client, pilot):
    response = funder_client.get(f"/rapports/{pilot.slug}/?segment=zrr", HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "<html" not in text and "Zone de revitalisation rurale" in text
    assert "Tranche d&#x27;âge" not in text


def test_an_unknown_segment_falls_back_to_age(funder_client, pilot):
    response = funder_client.get(f"/rapports/{pilot.slug}/?segment=../../etc")
    assert response.status_code == 200
    assert response.context["segment"]["dimension"] == "age_band"


@given(st.dictionaries(st.text(max_size=10), st.text(max_size=30), max_size=3))
def test_the_segment_form_takes_any_input_without_failing(data):
    assert SegmentForm(data).dimension() in dict(SegmentForm.base_fields["segment"].choices)


def test_a_funder_viewer_cannot_see_another_funders_programme(client, pilot):
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER))
    for suffix in ("", "rapport/", "rapport.pdf", "rapport.json", "chiffres.csv", "chiffres.xlsx"):
        assert client.get(f"/rapports/{pilot.slug}/{suffix}").status_code == 404


@pytest.mark.parametrize("role", [Role.BENEFICIARY, Role.COACH, Role.PRESCRIBER])
def test_other_roles_are_refused(client, pilot, role):
    client.force_login(UserFactory(role=role))
    assert client.get(f"/rapports/{pilot.slug}/").status_code == 403
    assert client.get("/rapports/").status_code == 403


def test_the_operator_admin_sees_the_dashboard_of_their_programme(client, pilot):
    client.force_login(UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=pilot.operator))
    assert client.get(f"/rapports/{pilot.slug}/").status_code == 200


def test_the_csv_export_is_a_zip_of_french_csv_files_one_per_table(funder_client, pilot):
    import csv

    response = funder_client.get(f"/rapports/{pilot.slug}/chiffres-csv.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "donnees-longues.csv" in names and any(name.endswith("situations_fin_de_bilan.csv") for name in names)
    raw = archive.read(next(name for name in names if name.endswith("situations_fin_de_bilan.csv")))
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    employed = next(row for row in rows if row and row[0] == "En emploi")
    assert employed[1:3] == ["13", "20,6"]  # a number and a decimal comma, as a French spreadsheet reads them
    creation = next(row for row in rows if row and row[0] == "Création d'entreprise en cours")
    assert creation[1:3] == ["", ""] and "moins de 11 personnes" in creation[3]
    validating = next(row for row in rows if row and row[0] == "Finit de valider son projet")
    assert validating[1] == "" and "masqué pour protéger une petite case" in validating[3]
    assert "Nom1" not in raw.decode("utf-8-sig")


def test_the_tidy_csv_has_one_line_per_figure(funder_client, pilot):
    import csv

    text = funder_client.get(f"/rapports/{pilot.slug}/donnees.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["programme", "publication", "table", "row", "measure", "value", "status"]
    assert ["pilote", rows[1][1], "situations_fin_de_bilan", "employed", "pct", "20,6", "shown"] in rows
    assert ["pilote", rows[1][1], "situations_fin_de_bilan", "business_creation", "n", "", "small"] in rows


def test_the_xlsx_export_reads_back_with_numbers_as_numbers(funder_client, pilot):
    from openpyxl import load_workbook

    response = funder_client.get(f"/rapports/{pilot.slug}/chiffres.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = next(workbook[name] for name in workbook.sheetnames if "situations_fin" in name)
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["En emploi"][1] == 13 and rows["En emploi"][2] == 20.6
    assert rows["Création d'entreprise en cours"][1] is None
    assert "moins de 11 personnes" in rows["Création d'entreprise en cours"][3]
    assert "masqué pour protéger une petite case" in rows["Finit de valider son projet"][3]
    assert len(workbook.sheetnames) > 10  # one sheet per table


def test_the_xlsx_export_never_turns_a_name_into_a_formula(pilot):
    """An organisation's name is a row label: one that looks like a formula stays text, a control character is
    dropped (openpyxl would refuse the whole file)."""
    from openpyxl import load_workbook

    report = documents.programme_report(pilot)
    block = next(block for block in report["segments"].values() if not block["withheld"] and block["rows"])
    block["rows"][0]["name"] = '=HYPERLINK("https://example.org";"x")\x07'
    block["rows"][1]["name"] = "-1+2"
    workbook = load_workbook(io.BytesIO(exports.aggregates_xlsx(report)))
    cells = {
        cell.value: cell
        for name in workbook.sheetnames
        for row in workbook[name].iter_rows(min_col=1, max_col=1)
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in ('=HYPERLINK("https://example.org";"x")', "-1+2"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not cells["-1+2"].value.startswith("'")


def test_the_json_export_is_the_report(funder_client, pilot):
    data = json.loads(funder_client.get(f"/rapports/{pilot.slug}/rapport.json").content)
    assert data["format"] == "openbilan-programme-report/2"
    assert data["programme"] == "pilote" and data["outcomes"]["employed"]["n"] == 13
    assert data["outcomes"]["employed"]["pct"] == 20.6
    row = data["segments"]["age_band"]["rows"][0]
    assert {"key", "label", "enrolled", "completed", "status", "outcomes"} <= set(row)
    assert data["publication"]["kind"] == "first"


def test_the_pdf_report_is_a_pdf(funder_client, pilot):
    response = funder_client.get(f"/rapports/{pilot.slug}/rapport.pdf")
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_the_summary_page_reads_like_the_pilot_report(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/bilan/").content.decode()
    assert "Bilan de cet accompagnement" in text
    assert "63,0\u00a0% des 100 personnes accompagnées ont terminé leur parcours" in text
    assert "24,0\u00a0% sont encore en train de le faire" in text
    assert "ont trouvé un emploi" in text and "Parmi les 63 personnes qui ont fini" in text
    assert funder_client.get(f"/rapports/{pilot.slug}/bilan.pdf").content.startswith(b"%PDF")


def test_the_full_report_is_not_the_dashboard(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/rapport/").content.decode()
    for title in ("Définitions", "accompagnement en chiffres", "Département", "Suivi après le bilan"):
        assert title in text
    assert "Découper par" not in text


def test_the_report_page_shows_every_segment(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/rapport/").content.decode()
    for name in ("Tranche d&#x27;âge", "Niveau de qualification", "Minimum social", "Réseau prescripteur"):
        assert name in text


def test_a_programme_under_eleven_people_shows_no_figure(client, db):
    programme = ProgrammeFactory()
    EnrolmentFactory.create_batch(4, programme=programme)
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    response = client.get(f"/rapports/{programme.slug}/")
    assert "moins de 11 personnes inscrites" in response.content.decode()
    assert documents.programme_report(programme)["enrolled"] == "< 11"
    assert "< 11" not in exports.tidy_csv(documents.programme_report(programme)).decode("utf-8-sig")


def test_the_dashboard_query_count_does_not_grow_with_the_cohort(client, db, django_assert_num_queries):
    programme = ProgrammeFactory()
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    EnrolmentFactory.create_batch(12, programme=programme, referred=True)
    client.get(f"/rapports/{programme.slug}/")  # the first publication, made on the spot
    with CaptureQueriesContext(connection) as small:
        client.get(f"/rapports/{programme.slug}/")
    for _ in range(30):
        enrolment = EnrolmentFactory(programme=programme, completed=True, referred=True)
        services.record_outcome(
            enrolment=enrolment, moment="end", kind="training", observed_on=timezone.localdate(), source="import"
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/rapports/{programme.slug}/")


def test_the_programme_list_shows_the_latest_publication_only(client, db):
    from openbilan.reporting import services as reporting

    small, large = ProgrammeFactory(), ProgrammeFactory()
    large.funder = small.funder
    large.save()
    EnrolmentFactory.create_batch(3, programme=small)
    EnrolmentFactory.create_batch(12, programme=large)
    reporting.publish(programme=small, kind="first")
    reporting.publish(programme=large, kind="first")
    EnrolmentFactory.create_batch(5, programme=large)  # after the publication: not shown to the funder
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=small.funder))
    rows = {row["programme"].pk: row for row in client.get("/rapports/").context["rows"]}
    assert rows[small.pk]["enrolled"] == "< 11"
    assert rows[large.pk]["enrolled"] == "12"
