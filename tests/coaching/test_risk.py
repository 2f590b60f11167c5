"""The drop-out risk flags, from plain facts."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.coaching import risk


def facts(**changes) -> risk.Facts:
    values = {
        "status": "active",
        "days_inactive": 2,
        "inactivity_days": 14,
        "last_appointment_missed": False,
        "week": 3,
        "phase_last_week": 4,
    }
    return risk.Facts(**{**values, **changes})


def codes(found):
    return [flag.code for flag in found]


def test_a_person_on_track_has_no_flag():
    assert risk.flags(facts()) == ()


def test_inactive_from_the_programmes_threshold():
    assert codes(risk.flags(facts(days_inactive=13))) == []
    found = risk.flags(facts(days_inactive=14))
    assert codes(found) == ["inactive"] and found[0].days == 14


def test_the_threshold_is_the_programmes_own():
    assert codes(risk.flags(facts(days_inactive=6, inactivity_days=5))) == ["inactive"]


def test_a_missed_last_appointment_is_flagged():
    assert codes(risk.flags(facts(last_appointment_missed=True))) == ["missed_appointment"]


def test_a_phase_past_its_last_planned_week_is_stalled():
    assert codes(risk.flags(facts(week=4, phase_last_week=4))) == []
    found = risk.flags(facts(week=7, phase_last_week=4))
    assert codes(found) == ["phase_stalled"] and found[0].weeks_late == 3


def test_a_journey_not_started_has_no_inactivity_or_stall():
    assert risk.flags(facts(days_inactive=None, week=None, phase_last_week=None)) == ()


def test_flags_come_in_a_fixed_order():
    found = risk.flags(facts(days_inactive=30, last_appointment_missed=True, week=9, phase_last_week=4))
    assert codes(found) == ["inactive", "missed_appointment", "phase_stalled"]


def test_paused_finished_and_invited_bilans_are_never_flagged():
    for status in ("paused", "completed", "dropped", "invited"):
        assert risk.flags(facts(status=status, days_inactive=90, last_appointment_missed=True, week=20)) == ()


def test_week_of_counts_from_week_one():
    assert [risk.week_of(days) for days in (0, 6, 7, 13, 14)] == [1, 1, 2, 2, 3]


@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=365),
    st.booleans(),
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=1, max_value=60),
)
def test_each_flag_has_its_reason_and_more_flags_score_higher(days, threshold, missed, week, last_week):
    found = risk.flags(
        facts(
            days_inactive=days,
            inactivity_days=threshold,
            last_appointment_missed=missed,
            week=week,
            phase_last_week=last_week,
        )
    )
    assert ("inactive" in codes(found)) == (days >= threshold)
    assert ("missed_appointment" in codes(found)) == missed
    assert ("phase_stalled" in codes(found)) == (week > last_week)
    assert risk.score(found) >= risk.score(found[1:])
