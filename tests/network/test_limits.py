"""Who may send a request, as a pure function of the counts."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.network import limits
from openbilan.network.limits import RequestCounts


def test_a_sixth_request_in_a_day_is_refused():
    assert limits.refusal(RequestCounts(4, 0, False)) is None
    assert limits.refusal(RequestCounts(5, 0, False)) == ("daily_limit", 5)


def test_a_professional_with_three_pending_requests_receives_no_more():
    assert limits.refusal(RequestCounts(0, 2, False)) is None
    assert limits.refusal(RequestCounts(0, 3, False)) == ("professional_busy", 3)


def test_one_open_request_at_a_time_with_the_same_professional():
    assert limits.refusal(RequestCounts(0, 0, True)) == ("already_open", 0)


@given(st.integers(0, 20), st.integers(0, 20), st.booleans())
def test_a_request_passes_exactly_when_every_limit_has_room(sent, pending, open_pair):
    allowed = limits.refusal(RequestCounts(sent, pending, open_pair)) is None
    assert allowed == (sent < limits.REQUESTS_PER_DAY and pending < limits.PENDING_PER_PROFESSIONAL and not open_pair)
