import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.territory.figures import Count, Figures, change, demand_levels, parse_cell

cells = st.one_of(st.just("*"), st.integers(min_value=0, max_value=10_000).map(str))


def test_a_star_is_unknown_never_zero():
    assert parse_cell("*") == Count(None, 0)
    assert parse_cell("*").value is None
    assert parse_cell("0") == Count.exact(0)


@pytest.mark.parametrize("raw", ["", "-3", "1.5", "abc", "12 000", None, True])
def test_anything_else_than_a_whole_number_or_a_star_is_refused(raw):
    with pytest.raises(ValueError):
        parse_cell(raw)


def test_a_workbook_number_cell_is_read_as_its_value():
    assert parse_cell(227) == Count.exact(227)
    assert parse_cell(31.0) == Count.exact(31)


@given(st.lists(cells, min_size=1, max_size=8))
def test_a_sum_is_exact_only_when_every_part_is_published(raw):
    parts = [parse_cell(cell) for cell in raw]
    total = Count.total(parts)
    published = [int(cell) for cell in raw if cell != "*"]
    assert total.floor == sum(published)
    assert total.value == (sum(published) if "*" not in raw else None)


def test_shares_are_computed_only_from_exact_counts():
    figures = Figures(Count.exact(642), Count.exact(315), Count.exact(29))
    assert (figures.difficult_percent, figures.seasonal_percent) == (49, 5)
    assert Figures(Count.exact(32), Count.secret(), Count.secret()).difficult_percent is None
    assert Figures(Count.secret(), Count.exact(3), Count.exact(1)).difficult_percent is None
    assert Figures.none().difficult_percent is None


def test_change_needs_both_years_exact():
    assert change(Count.exact(642), Count.exact(535), 2024).difference == 107
    assert change(Count.exact(642), Count.exact(535), 2024).percent == 20
    assert change(Count.exact(5), Count.exact(0), 2024).percent is None
    assert change(Count.secret(), Count.exact(10), 2024) is None
    assert change(Count.exact(10), Count(None, 4), 2024) is None


def test_demand_levels_place_families_on_a_five_step_scale():
    values = {f"F{i}": i for i in range(1, 11)}
    levels = demand_levels({**values, "secret": None})
    assert levels["F1"] == 1 and levels["F10"] == 5 and levels["F6"] == 3
    assert levels["secret"] is None


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.one_of(st.none(), st.integers(0, 500)), min_size=1))
def test_demand_levels_are_between_one_and_five_and_follow_the_counts(values):
    levels = demand_levels(values)
    for key, value in values.items():
        if value is None:
            assert levels[key] is None
        else:
            assert 1 <= levels[key] <= 5
            for other, other_value in values.items():
                if other_value is not None and other_value <= value:
                    assert levels[other] <= levels[key]
