"""import_cohort: all or nothing, a report per problem, safe to run twice, invited by default, historical on demand."""

import datetime
from pathlib import Path

import pytest
from django.core import mail

from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import links as invitation_links
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Origin, Transition
from openbilan.journeys.models import Journey
from openbilan.programmes import services
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import CohortImport, Outcome
from tests.accounts.factories import UserFactory, coach
from tests.programmes.cohort import csv_bytes, row
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def programme(db):
    return ProgrammeFactory(cohort_prescribers=True)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["email"]}}


def state(programme):
    return (
        User.objects.count(),
        Enrolment.objects.count(),
        Transition.objects.count(),
        Organisation.objects.count(),
        list(Enrolment.objects.filter(programme=programme).order_by("pk").values()),
    )


def test_a_valid_file_enrols_every_person_as_invited(programme):
    report = services.import_cohort(programme=programme, data=fixture("cohort_small.csv"), file_name="small.csv")
    assert report.ok and report.applied
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    enrolments = Enrolment.objects.filter(programme=programme)
    assert set(enrolments.values_list("status", flat=True)) == {EnrolmentStatus.INVITED}
    assert set(enrolments.values_list("origin", flat=True)) == {Origin.IMPORT}
    assert not enrolments.filter(consented_at__isnull=False).exists()


def test_imported_people_get_the_beneficiary_role_and_no_password(programme):
    services.import_cohort(programme=programme, data=fixture("cohort_small.csv"))
    person = User.objects.get(email="personne1@exemple.fr")
    assert person.is_beneficiary
    assert not person.has_usable_password()


def test_segments_are_computed_on_the_day_of_the_referral(programme):
    services.import_cohort(programme=programme, data=fixture("cohort_small.csv"))
    first = Enrolment.objects.get(external_id="P0001")
    third = Enrolment.objects.get(external_id="P0003")
    assert (first.age_band, first.job_seeker_band) == ("26_44", "under_12m")
    assert (third.age_band, third.qualification_level) == ("under_26", "infra3")
    assert Enrolment.objects.get(external_id="P0002").qpv is True


def test_prescribers_are_matched_among_the_programmes_own_case_ignored(programme):
    services.import_cohort(
        programme=programme,
        data=csv_bytes([row(1, prescriber_name="mission LOCALE de rouen", prescriber_kind="mission_locale")]),
    )
    local = programme.prescribers.get(name="Mission locale de Rouen")
    assert Enrolment.objects.get(external_id="P0001").prescriber == local


def test_a_file_with_one_bad_row_imports_nothing_and_reports_that_row(programme):
    before = state(programme)
    report = services.import_cohort(programme=programme, data=fixture("cohort_one_bad_row.csv"))
    assert not report.ok and not report.applied
    assert [(p.line, p.column, p.value) for p in report.errors] == [(4, "birth_date", "12/03/1990")]
    assert "AAAA-MM-JJ" in report.errors[0].reason
    assert state(programme) == before


def test_every_problem_of_a_file_is_reported_at_once(programme):
    rows = [
        row(1, qpv="peut-être"),
        row(2, email="pas-une-adresse"),
        row(3, status="dropped"),
        row(4, external_id="P0001"),
        row(5, outcome="training"),
    ]
    report = services.import_cohort(programme=programme, data=csv_bytes(rows), historical=True)
    found = {(p.line, p.column) for p in report.errors}
    assert {(2, "qpv"), (3, "email"), (4, "drop_reason"), (4, "status_on"), (5, "external_id"), (6, "outcome")} <= found
    assert Enrolment.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(programme):
    services.import_cohort(programme=programme, data=fixture("cohort_small.csv"))
    before = state(programme)
    sent = len(mail.outbox)
    report = services.import_cohort(programme=programme, data=fixture("cohort_small.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert state(programme) == before
    assert len(mail.outbox) == sent


def test_reimporting_the_historical_pilot_file_changes_nothing(programme):
    data = fixture("cohort_historical.csv")
    services.import_cohort(programme=programme, data=data, historical=True)
    before = (state(programme), Outcome.objects.count(), Journey.objects.count())
    report = services.import_cohort(programme=programme, data=data, historical=True)
    assert report.unchanged == 4
    assert (state(programme), Outcome.objects.count(), Journey.objects.count()) == before


def test_a_reimport_updates_rows_by_external_id(programme):
    services.import_cohort(programme=programme, data=csv_bytes([row(1), row(2)]))
    report = services.import_cohort(
        programme=programme, data=csv_bytes([row(1, last_name="Nouveau", qpv="yes"), row(2)])
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    enrolment = Enrolment.objects.get(external_id="P0001")
    # The details change; the account's name is only proposed to the person (issue 16, finding 2).
    assert (enrolment.beneficiary.last_name, enrolment.qpv) == ("Nom1", True)
    assert enrolment.beneficiary.change_proposals.get().last_name == "Nouveau"
    assert Enrolment.objects.count() == 2


def test_a_dry_run_reports_the_counts_and_writes_nothing(programme):
    before = state(programme)
    report = services.import_cohort(programme=programme, data=fixture("cohort_small.csv"), dry_run=True)
    assert report.ok and not report.applied
    assert report.created == 3
    assert state(programme) == before
    assert not CohortImport.objects.exists()


def test_each_new_person_receives_an_invitation_with_a_signed_link(
    programme, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_cohort(programme=programme, data=fixture("cohort_small.csv"))
    assert sorted(message.to[0] for message in mail.outbox) == [f"personne{n}@exemple.fr" for n in (1, 2, 3)]
    enrolment = Enrolment.objects.get(external_id="P0001")
    link = next(m.body for m in mail.outbox if m.to == ["personne1@exemple.fr"])
    assert invitation_links.invitation_url(enrolment).split("/invitation/")[0] in link
    token = link.split("/invitation/")[1].split("/")[0]
    assert invitation_links.enrolment_from_invitation(token) == enrolment


def test_a_historical_import_keeps_statuses_and_records_each_transition_with_its_provenance(programme):
    report = services.import_cohort(
        programme=programme, data=fixture("cohort_historical.csv"), historical=True, file_name="ancien.csv"
    )
    assert report.ok, report.problems
    completed = Enrolment.objects.get(external_id="P0001")
    assert completed.status == EnrolmentStatus.COMPLETED
    assert completed.origin == Origin.HISTORICAL
    assert completed.completed_at.date() == datetime.date(2021, 9, 20)
    assert completed.consented_at.date() == datetime.date(2021, 6, 15)
    steps = list(completed.transitions.values_list("from_state", "to_state"))
    assert steps == [("", "invited"), ("invited", "active"), ("active", "completed")]
    assert all(
        note.startswith("Reprise historique : ancien.csv")
        for note in completed.transitions.values_list("note", flat=True)
    )
    dropped = Enrolment.objects.get(external_id="P0002")
    assert (dropped.status, dropped.drop_reason) == ("dropped", "unreachable")
    assert dropped.transitions.get(to_state="dropped").reason_code == "unreachable"
    assert Enrolment.objects.get(external_id="P0004").status == EnrolmentStatus.INVITED
    assert Journey.objects.filter(enrolment=completed).exists()
    assert completed.import_batch.file_name == "ancien.csv"


def test_a_historical_import_records_the_end_outcome_as_imported(programme):
    services.import_cohort(programme=programme, data=fixture("cohort_historical.csv"), historical=True)
    enrolment = Enrolment.objects.get(external_id="P0001")
    outcome = enrolment.outcomes.get()
    assert (outcome.moment, outcome.kind, outcome.source) == ("end", "training", "import")
    assert (enrolment.outcome, enrolment.outcome_on) == ("training", datetime.date(2021, 10, 1))


def test_a_historical_import_sends_no_invitation(programme, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_cohort(programme=programme, data=fixture("cohort_historical.csv"), historical=True)
    assert mail.outbox == []


def test_without_historical_the_statuses_of_the_file_are_not_applied(programme):
    report = services.import_cohort(programme=programme, data=fixture("cohort_historical.csv"))
    assert report.ok and report.statuses_ignored
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"invited"}
    assert not Outcome.objects.exists()


def test_a_historical_reimport_moves_a_status_forward_through_the_machine(programme):
    services.import_cohort(
        programme=programme, data=csv_bytes([row(1, status="paused", status_on="2021-07-01")]), historical=True
    )
    report = services.import_cohort(
        programme=programme, data=csv_bytes([row(1, status="completed", status_on="2021-09-30")]), historical=True
    )
    assert report.updated == 1
    enrolment = Enrolment.objects.get(external_id="P0001")
    assert enrolment.status == "completed"
    assert list(enrolment.transitions.values_list("to_state", flat=True))[-2:] == ["active", "completed"]


def test_a_historical_reimport_cannot_move_a_status_back(programme):
    services.import_cohort(programme=programme, data=fixture("cohort_historical.csv"), historical=True)
    report = services.import_cohort(
        programme=programme, data=csv_bytes([row(1, status="active", status_on="2021-10-01")]), historical=True
    )
    assert [(p.line, p.column) for p in report.errors] == [(2, "status")]
    assert Enrolment.objects.get(external_id="P0001").status == "completed"


def test_an_email_already_enrolled_under_another_external_id_is_refused(programme):
    services.import_cohort(programme=programme, data=csv_bytes([row(1)]))
    report = services.import_cohort(programme=programme, data=csv_bytes([row(2, email="personne1@exemple.fr")]))
    assert [(p.line, p.column) for p in report.errors] == [(2, "email")]
    assert "P0001" in report.errors[0].reason


def test_the_email_of_a_staff_account_is_refused(programme):
    staff = coach(email="consultante@exemple.fr")
    report = services.import_cohort(programme=programme, data=csv_bytes([row(1, email=staff.email)]))
    assert [(p.line, p.column) for p in report.errors] == [(2, "email")]


def test_an_existing_account_with_the_same_email_is_reused(programme):
    person = UserFactory(role=Role.BENEFICIARY, email="personne1@exemple.fr")
    services.import_cohort(programme=programme, data=csv_bytes([row(1)]))
    assert Enrolment.objects.get(external_id="P0001").beneficiary == person
    assert User.objects.filter(email="personne1@exemple.fr").count() == 1


def test_an_enrolment_made_on_the_platform_receives_its_external_id_by_email(programme):
    enrolment = EnrolmentFactory(programme=programme, invited=True, beneficiary__email="personne1@exemple.fr")
    report = services.import_cohort(programme=programme, data=csv_bytes([row(1)]))
    assert (report.created, report.updated) == (0, 1)
    enrolment.refresh_from_db()
    assert enrolment.external_id == "P0001"


def test_a_homonym_of_a_known_person_needs_a_human_confirmation(programme):
    services.import_cohort(programme=programme, data=csv_bytes([row(1, first_name="Éloïse", last_name="Dupont")]))
    twin = row(2, first_name="eloise", last_name="DUPONT")
    report = services.import_cohort(programme=programme, data=csv_bytes([twin]))
    assert not report.ok and not report.errors
    assert [(p.line, p.column) for p in report.warnings] == [(2, "last_name")]
    assert Enrolment.objects.count() == 1
    confirmed = services.import_cohort(programme=programme, data=csv_bytes([twin]), accept_homonyms=True)
    assert confirmed.ok and confirmed.created == 1


def test_two_homonyms_in_the_same_file_are_flagged(programme):
    report = services.import_cohort(
        programme=programme,
        data=csv_bytes([row(1, last_name="Martin"), row(2, last_name="Martin", first_name="Prénom1")]),
    )
    assert [(p.line, p.reason.split(" ")[0]) for p in report.warnings] == [(3, "Même")]


def test_a_prescriber_kind_that_contradicts_a_known_prescriber_is_refused(programme):
    report = services.import_cohort(programme=programme, data=csv_bytes([row(1, prescriber_kind="apec")]))
    assert [(p.line, p.column) for p in report.errors] == [(2, "prescriber_kind")]


def test_a_windows_1252_file_is_read_with_its_accents(programme):
    report = services.import_cohort(programme=programme, data=fixture("cohort_latin1.csv"))
    assert report.ok and report.applied, report.problems
    assert report.encoding == "windows-1252"
    names = set(Enrolment.objects.values_list("beneficiary__first_name", flat=True))
    assert any("é" in name for name in names), names


def test_a_semicolon_separated_file_is_read(programme):
    report = services.import_cohort(programme=programme, data=fixture("cohort_semicolon.csv"))
    assert report.ok and report.applied, report.problems
    assert report.delimiter == ";"
    assert Enrolment.objects.count() == report.created > 0


def test_a_french_excel_file_semicolons_and_windows_1252_is_read(programme):
    text = fixture("cohort_semicolon.csv").decode("utf-8")
    report = services.import_cohort(programme=programme, data=text.encode("cp1252"))
    assert (report.ok, report.encoding, report.delimiter) == (True, "windows-1252", ";"), report.problems
    assert Enrolment.objects.filter(beneficiary__first_name="Prénom1").exists()


def test_a_file_that_no_encoding_reads_is_refused_with_a_clear_message(programme):
    report = services.import_cohort(programme=programme, data=b"external_id,first_name\n\x81\x00\xff\n")
    assert [p.line for p in report.errors] == [0]
    assert "UTF-8" in report.errors[0].reason and "Windows-1252" in report.errors[0].reason
    assert Enrolment.objects.count() == 0


def test_preview_then_apply_imports_the_previewed_file(programme):
    from tests.accounts.factories import operator_admin

    admin = operator_admin(role__organisation=programme.operator)
    preview, report = services.preview_cohort(
        programme=programme,
        actor=admin,
        data=fixture("cohort_small.csv"),
        file_name="small.csv",
        historical=False,
        accept_homonyms=False,
    )
    assert report.ok and Enrolment.objects.count() == 0
    applied = services.apply_cohort_import(cohort_import=preview, actor=admin)
    assert applied.created == 3
    preview.refresh_from_db()
    assert preview.state == CohortImport.State.APPLIED
    assert preview.content == ""  # the file itself is not kept once imported
    with pytest.raises(NotAllowed):
        services.apply_cohort_import(cohort_import=preview, actor=admin)
