"""Reads: who sees which attempt, the profiles other domains read, and the cohort reliability."""

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from openbilan.assessments import selectors
from tests.accounts.factories import beneficiary, coach, funder_viewer, operator_admin, prescriber
from tests.assessments.factories import RIASEC, WORK_VALUES, finished_attempt, riasec_answers, started_attempt
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def test_a_person_and_their_coach_see_a_finished_result(instruments):
    enrolment = EnrolmentFactory()
    attempt = finished_attempt(enrolment.beneficiary)
    mine, as_person = selectors.result_for(enrolment.beneficiary, attempt.pk)
    theirs, as_coach = selectors.result_for(enrolment.coach, attempt.pk)
    assert mine == theirs == attempt
    assert (as_person.relation, as_coach.relation) == ("person", "coach")


@pytest.mark.parametrize("outsider", [beneficiary, coach, funder_viewer, prescriber, operator_admin])
def test_nobody_else_sees_a_result(instruments, outsider):
    attempt = finished_attempt(EnrolmentFactory().beneficiary)
    assert selectors.result_for(outsider(), attempt.pk) is None


def test_an_unfinished_attempt_has_no_result_yet(instruments):
    attempt = started_attempt()
    assert selectors.result_for(attempt.user, attempt.pk) is None


def test_latest_riasec_scores_are_the_six_scores_of_the_latest_attempt(instruments):
    person = beneficiary()
    finished_attempt(person, answers=riasec_answers({"R": 5, "I": 1, "A": 1, "S": 1, "E": 1, "C": 1}))
    finished_attempt(person)
    scores = selectors.latest_riasec_scores(person)
    assert list(scores) == list("RIASEC")
    assert scores["S"] == pytest.approx(96.875) and scores["R"] == 0


def test_latest_profiles_are_none_before_any_finished_attempt(instruments):
    person = beneficiary()
    started_attempt(person)
    assert selectors.latest_riasec_scores(person) is None
    assert selectors.latest_values_ranking(person) is None


def test_latest_values_ranking_is_most_important_first(instruments):
    person = beneficiary()
    order = ["support", "achievement", "recognition", "independence", "working_conditions", "relationships"]
    finished_attempt(person, WORK_VALUES, answers={slug: rank for rank, slug in enumerate(order, start=1)})
    assert selectors.latest_values_ranking(person) == tuple(order)


def test_the_cohort_uses_the_latest_finished_attempt_of_each_person(instruments):
    person = beneficiary()
    finished_attempt(person, answers=riasec_answers({"R": 5, "I": 5, "A": 5, "S": 5, "E": 5, "C": 5}))
    latest = finished_attempt(person)
    started_attempt(beneficiary())
    matrix = selectors.cohort_matrix(latest.instrument_version)
    assert matrix.shape == (1, 48)
    assert list(matrix[0][:6]) == [1, 2, 3, 4, 3, 1]  # R1 I1 A1 S1 E1 C1 of the default profile


def simulated_answers(rng, items):
    factor = rng.normal()
    return {item: int(np.clip(np.rint(3 + 1.2 * (0.8 * factor + 0.6 * rng.normal())), 1, 5)) for item in items}


def test_the_cohort_table_has_alpha_and_omega_per_scale(instruments):
    rng = np.random.default_rng(11)
    for _ in range(12):
        finished_attempt(beneficiary(), answers=simulated_answers(rng, riasec_answers()))
    table = selectors.cohort_table(instruments[RIASEC])
    assert table.n == 12 and list(table.scales) == list("RIASEC")
    assert all(0.5 < row.alpha <= 1 and row.omega is not None and row.sem > 0 for row in table.scales.values())


def test_the_cohort_can_be_limited_to_a_programme(instruments):
    programme = ProgrammeFactory()
    inside = EnrolmentFactory(programme=programme).beneficiary
    finished_attempt(inside)
    finished_attempt(beneficiary())
    assert selectors.cohort_table(instruments[RIASEC], programme.slug).n == 1
    assert selectors.cohort_table(instruments[RIASEC]).n == 2


def test_instrument_stats_prints_the_table_and_flags_weak_scales(instruments):
    rng = np.random.default_rng(5)
    programme = ProgrammeFactory(slug="normandie")
    for _ in range(12):
        person = EnrolmentFactory(programme=programme).beneficiary
        answers = simulated_answers(rng, riasec_answers())
        answers.update({f"C{n}": int(rng.integers(1, 6)) for n in range(1, 9)})  # C answered at random
        finished_attempt(person, answers=answers)
    out = io.StringIO()
    call_command("instrument_stats", RIASEC, programme="normandie", stdout=out)
    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line[:2].strip() in set("RIASEC")}
    assert "12 person(s)" in out.getvalue()
    assert "interpret with caution" in lines["C"]
    assert "interpret with caution" not in lines["S"]


@pytest.mark.parametrize(
    ("args", "options"), [(["mbti"], {}), ([RIASEC], {"programme": "nowhere"}), ([RIASEC], {"instrument_version": 9})]
)
def test_instrument_stats_refuses_unknown_names_with_exit_code_2(instruments, args, options):
    with pytest.raises(CommandError) as error:
        call_command("instrument_stats", *args, stdout=io.StringIO(), **options)
    assert error.value.returncode == 2
