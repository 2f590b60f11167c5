import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.reporting.disclosure import suppress


def test_ten_people_is_suppressed():
    cell = suppress(10)
    assert cell.suppressed
    assert cell.value is None
    assert str(cell) == "< 11"


def test_eleven_people_is_shown():
    cell = suppress(11)
    assert not cell.suppressed
    assert str(cell) == "11"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        suppress(-1)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=100))
def test_a_shown_value_is_never_below_the_minimum(count, minimum):
    cell = suppress(count, minimum)
    assert cell.suppressed == (count < minimum)
    assert cell.value in (None, count)
