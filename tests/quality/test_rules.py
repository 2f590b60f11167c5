import datetime

from hypothesis import given
from hypothesis import strategies as st

from openbilan.quality import rules
from openbilan.reporting.disclosure import hidden, suppress

DAY = datetime.date(2026, 3, 2)


@given(current=st.sampled_from(rules.STATES), target=st.sampled_from(rules.STATES))
def test_a_complaint_only_moves_to_the_next_state(current, target):
    allowed = rules.STATES.index(target) == rules.STATES.index(current) + 1
    assert rules.can_move(current, target) is allowed


def test_a_closed_complaint_goes_nowhere():
    assert not any(rules.can_move(rules.CLOSED, target) for target in rules.STATES)


@given(acknowledge=st.integers(0, 365), answer=st.integers(0, 365))
def test_deadlines_count_calendar_days_from_reception(acknowledge, answer):
    assert rules.deadlines(DAY, acknowledge, answer) == (
        DAY + datetime.timedelta(days=acknowledge),
        DAY + datetime.timedelta(days=answer),
    )


def test_a_complaint_still_received_after_its_acknowledgement_deadline_is_late():
    late = rules.lateness(rules.RECEIVED, DAY, DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=9))
    assert late.acknowledgement and not late.answer and late.overdue


def test_an_analysed_complaint_is_late_only_past_its_answer_deadline():
    ack, answer = DAY - datetime.timedelta(days=20), DAY - datetime.timedelta(days=1)
    assert rules.lateness(rules.ANALYSED, DAY, ack, answer) == rules.Lateness(acknowledgement=False, answer=True)
    assert not rules.lateness(rules.ANALYSED, answer, ack, answer).overdue


@given(state=st.sampled_from([rules.ANSWERED, rules.CLOSED]), days=st.integers(0, 3650))
def test_an_answered_or_closed_complaint_is_never_late(state, days):
    long_ago = DAY - datetime.timedelta(days=days)
    assert not rules.lateness(state, DAY, long_ago, long_ago).overdue


def _report(*, published=True, respondents=20, answered=20, suppressed=False):
    hidden_text = "< 11"
    return {
        "minimum_cell": 11,
        "headline_published": published,
        "enrolled": 40 if published else hidden_text,
        "status": {
            key: ({"n": 10, "pct": 25.0} if published else {"n": hidden_text, "pct": hidden_text})
            for key in ("completed", "in_progress", "dropped", "not_started")
        },
        "satisfaction": {
            "hot": {
                "eligible": 30,
                "respondents": respondents,
                "response_rate": 66.7,
                "suppressed": suppressed,
                "satisfaction": {"answered": answered, "mean": 4.2, "satisfied": {"n": 15, "pct": 75.0}},
            }
        },
    }


def test_results_keep_the_reports_figures_and_populations():
    results = rules.results_from_report(_report(), suppress(20))
    assert results["enrolled"] == 40 and results["completed"] == {"n": 10, "pct": 25.0}
    assert results["satisfaction"]["satisfied_pct"] == 75.0 and results["satisfaction"]["answered"] == 20


def test_satisfaction_is_withheld_when_too_few_answered_the_question():
    results = rules.results_from_report(_report(answered=7), suppress(7))
    assert results["satisfaction"]["withheld"]
    assert results["satisfaction"]["satisfied_pct"] is None and results["satisfaction"]["mean"] is None
    assert results["satisfaction"]["answered"] == "< 11"


def test_satisfaction_is_withheld_when_the_report_suppresses_the_evaluation():
    results = rules.results_from_report(_report(suppressed=True), hidden())
    assert results["satisfaction"]["withheld"] and results["satisfaction"]["satisfied_pct"] is None
