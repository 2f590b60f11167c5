"""The pure progress core: weeks without the paused days, progress per phase, the next step."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from openbilan.journeys.progress import ActivityRow, active_days, summarise

D = datetime.date


def test_active_days_count_from_the_start():
    assert active_days(D(2026, 9, 1), D(2026, 9, 15), []) == 14


def test_paused_days_do_not_count():
    assert active_days(D(2026, 9, 1), D(2026, 9, 29), [(D(2026, 9, 8), D(2026, 9, 22))]) == 14


def test_a_pause_still_running_counts_until_today():
    assert active_days(D(2026, 9, 1), D(2026, 9, 29), [(D(2026, 9, 22), None)]) == 21


def rows():
    return [
        ActivityRow(1, "preliminary", 1, "done"),
        ActivityRow(2, "preliminary", 1, ""),
        ActivityRow(3, "investigation", 3, ""),
        ActivityRow(4, "investigation", 4, "skipped"),
        ActivityRow(5, "conclusions", 12, ""),
    ]


def test_progress_per_phase_leaves_out_skipped_activities():
    summary = summarise(rows(), "investigation", 12, 0)
    assert [(p.done, p.total, p.state) for p in summary.phases] == [
        (1, 2, "done"),
        (0, 1, "current"),
        (0, 1, "locked"),
    ]


def test_the_next_step_is_the_first_open_activity_not_done_even_in_an_earlier_phase():
    assert summarise(rows(), "investigation", 12, 0).next_activity_id == 2


def test_locked_phases_never_give_the_next_step():
    only_later = [ActivityRow(1, "preliminary", 1, "done"), ActivityRow(5, "conclusions", 12, "")]
    assert summarise(only_later, "preliminary", 12, 0).next_activity_id is None


def test_weeks_left_and_late_activities():
    summary = summarise(rows(), "investigation", 12, 30)
    assert (summary.week, summary.weeks_left) == (5, 7)  # weeks 6 to 12 after this one
    assert summary.late_activity_ids == (2, 3)


states = st.sampled_from(["", "started", "done", "skipped"])
phases = st.sampled_from(["preliminary", "investigation", "conclusions"])


@given(
    st.lists(
        st.builds(ActivityRow, st.integers(1, 10_000), phases, st.integers(1, 12), states),
        max_size=40,
        unique_by=lambda row: row.id,
    ),
    phases,
    st.integers(0, 400),
)
def test_progress_stays_within_bounds(activity_rows, current, days):
    summary = summarise(activity_rows, current, 12, days)
    assert all(0 <= p.done <= p.total and 0 <= p.percent <= 100 for p in summary.phases)
    assert 0 <= summary.weeks_left <= 12
    if summary.next_activity_id is not None:
        row = next(r for r in activity_rows if r.id == summary.next_activity_id)
        assert row.state not in ("done", "skipped")
