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
from openbilan.www.reporting import documents
from openbilan.www.reporting.forms import SegmentForm
from tests.accounts.factories import UserFactory
from tests.programmes.cohort import csv_bytes, pilot_rows
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


@pytest.fixture
def pilot(db):
    programme = ProgrammeFactory(slug="pilote")
    services.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    return programme


@pytest.fixture
def funder_client(client, pilot):
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=pilot.funder))
    return client


def test_the_dashboard_shows_the_seed_figures(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/").content.decode()
    for figure in ("63,0\u00a0%", "20,6\u00a0%", "17,5\u00a0%", "7,9\u00a0%", "36,5\u00a0%"):
        assert figure in text
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


def test_the_csv_export_holds_the_aggregates_with_suppressed_cells(funder_client, pilot):
    response = funder_client.get(f"/rapports/{pilot.slug}/chiffres.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "Situation des personnes qui ont terminé,En emploi,13,20.6,ont terminé" in text
    assert "< 11" in text
    assert "Nom1" not in text


def test_the_xlsx_export_is_a_valid_workbook_with_the_same_figures(funder_client, pilot):
    response = funder_client.get(f"/rapports/{pilot.slug}/chiffres.xlsx")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>En emploi</t>" in sheet and "<v>20.6</v>" in sheet


def test_the_json_export_is_the_report(funder_client, pilot):
    data = json.loads(funder_client.get(f"/rapports/{pilot.slug}/rapport.json").content)
    assert data["programme"] == "pilote" and data["outcomes"]["employed"] == {"n": 13, "pct": 20.6}


def test_the_pdf_report_is_a_pdf(funder_client, pilot):
    response = funder_client.get(f"/rapports/{pilot.slug}/rapport.pdf")
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_the_report_page_shows_every_segment(funder_client, pilot):
    text = funder_client.get(f"/rapports/{pilot.slug}/rapport/").content.decode()
    for name in ("Tranche d&#x27;âge", "Niveau de qualification", "Minimum social", "Réseau prescripteur"):
        assert name in text


def test_a_programme_under_eleven_people_shows_no_figure(client, db):
    programme = ProgrammeFactory()
    EnrolmentFactory.create_batch(4, programme=programme)
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    response = client.get(f"/rapports/{programme.slug}/")
    assert "trop peu de personnes inscrites (moins de 11)" in response.content.decode()
    assert documents.programme_report(programme)["enrolled"] == "< 11"


def test_the_dashboard_query_count_does_not_grow_with_the_cohort(client, db, django_assert_num_queries):
    programme = ProgrammeFactory()
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    EnrolmentFactory.create_batch(12, programme=programme, referred=True)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/rapports/{programme.slug}/")
    for _ in range(30):
        enrolment = EnrolmentFactory(programme=programme, completed=True, referred=True)
        services.record_outcome(
            enrolment=enrolment, moment="end", kind="training", observed_on=timezone.localdate(), source="import"
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/rapports/{programme.slug}/")


def test_the_programme_list_shows_counts_of_eleven_and_more_only(client, db):
    small, large = ProgrammeFactory(), ProgrammeFactory()
    large.funder = small.funder
    large.save()
    EnrolmentFactory.create_batch(3, programme=small)
    EnrolmentFactory.create_batch(12, programme=large)
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=small.funder))
    rows = {row["programme"].pk: row for row in client.get("/rapports/").context["rows"]}
    assert str(rows[small.pk]["enrolled"]) == "< 11" and str(rows[small.pk]["completed"]) == "< 11"
    assert rows[large.pk]["enrolled"].value == 12
