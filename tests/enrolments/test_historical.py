"""The one documented way around the machine's guards: historical statuses, recorded as transitions."""

import datetime

import pytest

from openbilan.enrolments import machine
from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.errors import NotAllowed
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Transition
from openbilan.enrolments.services import HistoricalState, historical_path, record_historical_statuses
from openbilan.journeys.models import Journey
from tests.accounts.factories import beneficiary
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

START = datetime.date(2021, 6, 1)


@pytest.mark.parametrize(
    ("current", "target", "path"),
    [
        ("invited", "completed", ["accept", "complete"]),
        ("invited", "dropped", ["accept", "drop"]),
        ("paused", "completed", ["resume", "complete"]),
        ("active", "active", []),
        ("completed", "active", None),
        ("dropped", "completed", None),
    ],
)
def test_the_path_follows_the_machines_transitions(current, target, path):
    assert historical_path(current, target) == path


def test_every_step_of_the_path_is_a_transition_the_machine_knows():
    for current in machine.Status:
        for target in machine.Status:
            path = historical_path(current, target)
            status = current
            for action in path or []:
                rule = machine.TRANSITIONS[action]
                assert status in rule.sources or (status == "invited" and action == "accept")
                status = rule.target
            assert path is None or status == target


def test_new_enrolments_are_created_with_their_whole_history(db):
    programme = ProgrammeFactory()
    enrolment = Enrolment(programme=programme, beneficiary=beneficiary(), status="invited")
    state = HistoricalState("completed", START + datetime.timedelta(days=90), started_on=START)
    assert record_historical_statuses(items=[(enrolment, state)], actor=None, source="test", new=True) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    history = list(Transition.objects.filter(enrolment=enrolment).values_list("from_state", "to_state", "note"))
    assert history == [
        ("", "invited", "Reprise historique : test"),
        ("invited", "active", "Reprise historique : test"),
        ("active", "completed", "Reprise historique : test"),
    ]
    journey = Journey.objects.get(enrolment=enrolment)
    assert journey.started_at == enrolment.consented_at


def test_a_saved_enrolment_moves_forward_only(db):
    enrolment = EnrolmentFactory(paused=True)
    record_historical_statuses(
        items=[(enrolment, HistoricalState("dropped", START, drop_reason="moved"))], actor=None, source="test"
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.drop_reason) == ("dropped", "moved")
    with pytest.raises(NotAllowed):
        record_historical_statuses(items=[(enrolment, HistoricalState("active", START))], actor=None, source="test")


def test_a_drop_needs_a_known_reason(db):
    enrolment = EnrolmentFactory()
    with pytest.raises(NotAllowed):
        record_historical_statuses(
            items=[(enrolment, HistoricalState("dropped", START, drop_reason="bored"))], actor=None, source="t"
        )
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_unsaved_and_saved_enrolments_are_not_mixed(db):
    with pytest.raises(ValueError):
        record_historical_statuses(
            items=[(EnrolmentFactory(), HistoricalState("completed", START))], actor=None, source="t", new=True
        )


def test_the_renamed_drop_reasons_are_the_machines_and_the_csvs():
    from openbilan.enrolments.models import DropReason
    from openbilan.programmes.cohort_csv import DROP_REASONS as CSV_REASONS

    assert set(machine.DROP_REASONS) == set(DropReason.values) == set(CSV_REASONS)
    assert "no_contact" not in DropReason.values and "unreachable" in DropReason.values


def test_the_data_migration_maps_the_old_drop_reason_codes(db):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("openbilan.programmes.migrations.0005_drop_reason_codes")
    # The models as that migration saw them (the enrolment was then programmes.Enrolment, on the same table).
    apps = MigrationLoader(connection).project_state(("programmes", "0005_drop_reason_codes")).apps
    old_contact = EnrolmentFactory(dropped=True)
    old_training = EnrolmentFactory(dropped=True)
    Enrolment.objects.filter(pk=old_contact.pk).update(drop_reason="no_contact")
    Enrolment.objects.filter(pk=old_training.pk).update(drop_reason="training")
    migration.forwards(apps, None)
    assert Enrolment.objects.get(pk=old_contact.pk).drop_reason == "unreachable"
    assert Enrolment.objects.get(pk=old_training.pk).drop_reason == "other"


def test_enrol_with_consent_still_hands_over_to_the_journeys_machine(db):
    enrolment = enrolment_services.enrol_with_consent(programme=ProgrammeFactory(), beneficiary=beneficiary())
    assert list(enrolment.transitions.values_list("to_state", flat=True)) == ["invited", "active", "preliminary"]
