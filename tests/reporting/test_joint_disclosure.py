"""The whole publication against an attacker: random cohorts, every table the report produces, every equation a
funder can write between them, "< 11" and "withheld to protect" as bounds; no withheld cell is recovered exactly, and
every label is true."""

from hypothesis import HealthCheck, given, settings

from openbilan.reporting.figures import build_report
from tests.reporting import cohorts
from tests.reporting.attacker import labels_are_true, system_of


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cohorts.people())
def test_no_withheld_cell_of_a_random_cohort_can_be_recovered(cohort):
    report = build_report(cohorts.report_data(cohort))
    assert system_of(report).recovered() == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cohorts.people())
def test_every_label_of_a_random_cohort_is_true(cohort):
    report = build_report(cohorts.report_data(cohort))
    assert labels_are_true(report, cohorts.truth(cohort)) == []


def test_an_empty_cohort_withholds_nothing_an_attacker_could_recover():
    """Found by hypothesis on PostgreSQL's run: with nobody enrolled no cell is withheld, and the attacker's linear
    programme had no variable at all (scipy refuses an empty objective)."""
    report = build_report(cohorts.report_data([]))
    assert system_of(report).recovered() == []
