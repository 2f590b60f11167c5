"""The programme commands: create_programme, import_cohort, export_cohort, generate_cohort, send_surveys."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openbilan.accounts.models import Organisation
from openbilan.enrolments.models import Enrolment, Transition
from openbilan.programmes.models import CohortExport, Programme
from tests.accounts.factories import operator_admin
from tests.programmes.factories import ProgrammeFactory

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_programme_creates_the_funder_and_is_safe_to_run_twice(db):
    args = ("create_programme", "normandie-2027", "--name", "Normandie 2027", "--funder", "Région Normandie")
    run(*args, "--starts", "2027-01-01", "--ends", "2027-12-31", "--capacity", "100")
    run(*args, "--capacity", "120")
    programme = Programme.objects.get(slug="normandie-2027")
    assert (programme.funder.name, programme.funder.kind, programme.capacity) == ("Région Normandie", "funder", 120)
    assert Organisation.objects.filter(kind="funder").count() == 1


@pytest.mark.parametrize(
    "extra",
    [("--starts", "01/01/2027"), ("--capacity", "0"), ("--starts", "2027-02-01", "--ends", "2027-01-01")],
)
def test_create_programme_refuses_bad_values(db, extra):
    with pytest.raises(CommandError):
        run("create_programme", "p", "--name", "P", "--funder", "F", *extra)
    assert not Programme.objects.exists()


def test_import_cohort_reports_each_problem_and_fails_without_importing(db):
    ProgrammeFactory(slug="p", cohort_prescribers=True)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_cohort", "p", str(FIXTURES / "cohort_one_bad_row.csv"), stdout=out)
    assert "line 4, column birth_date, value '12/03/1990'" in out.getvalue()
    assert not Enrolment.objects.exists()


def test_import_cohort_dry_run_writes_nothing(db):
    ProgrammeFactory(slug="p", cohort_prescribers=True)
    assert "Dry run, nothing written. 3 rows: 3 created" in run(
        "import_cohort", "p", str(FIXTURES / "cohort_small.csv"), "--dry-run"
    )
    assert not Enrolment.objects.exists()


def test_import_cohort_twice_changes_nothing_the_second_time(db):
    ProgrammeFactory(slug="p", cohort_prescribers=True)
    run("import_cohort", "p", str(FIXTURES / "cohort_historical.csv"), "--historical")
    transitions = Transition.objects.count()
    assert "0 created, 0 updated, 4 unchanged" in run(
        "import_cohort", "p", str(FIXTURES / "cohort_historical.csv"), "--historical"
    )
    assert Transition.objects.count() == transitions


def test_export_cohort_is_for_operator_admins_and_is_logged(db, tmp_path):
    programme = ProgrammeFactory(slug="p", cohort_prescribers=True)
    admin = operator_admin(role__organisation=programme.operator)
    run("import_cohort", "p", str(FIXTURES / "cohort_historical.csv"), "--historical")
    with pytest.raises(CommandError):
        run("export_cohort", "p", "--by", operator_admin().email)
    output = tmp_path / "export.csv"
    run("export_cohort", "p", "--by", admin.email, "--output", str(output))
    log = CohortExport.objects.get()
    assert (log.exported_by, log.rows, log.channel) == (admin, 4, "command")
    text = output.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("external_id,first_name")
    assert "P0001,Prénom1,Nom1,personne1@exemple.fr" in text and ",completed,2021-09-20,,training,2021-10-01," in text


def test_an_export_imports_back_into_the_same_state(db, tmp_path):
    programme = ProgrammeFactory(slug="p", cohort_prescribers=True)
    admin = operator_admin(role__organisation=programme.operator)
    run("import_cohort", "p", str(FIXTURES / "cohort_historical.csv"), "--historical")
    output = tmp_path / "export.csv"
    run("export_cohort", "p", "--by", admin.email, "--output", str(output))
    assert "0 created, 0 updated, 4 unchanged" in run("import_cohort", "p", str(output), "--historical")


def test_generate_cohort_adds_people_in_every_state_once(db):
    ProgrammeFactory(slug="p", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2026, 6, 30))
    assert "60 people created" in run("generate_cohort", "p", "--size", "60", "--seed", "3")
    assert "0 people created, 60 already there" in run("generate_cohort", "p", "--size", "60", "--seed", "3")
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert statuses == {"invited", "active", "paused", "completed", "dropped"}
    assert all(email.endswith(".invalid") for email in Enrolment.objects.values_list("beneficiary__email", flat=True))


def test_every_generated_status_has_its_transitions(db):
    ProgrammeFactory(slug="p", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2026, 6, 30))
    run("generate_cohort", "p", "--size", "40")
    for enrolment in Enrolment.objects.all():
        last = enrolment.transitions.filter(kind="status").order_by("at", "pk").last()
        assert last.to_state == enrolment.status


def test_send_surveys_queues_nothing_when_nothing_is_due(db):
    assert "0 end, 0 3m, 0 6m, 0 12m queued." in run("send_surveys")
