"""Small-cell suppression: primary (fewer than 11 people) and secondary (no cell recoverable by subtraction)."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.reporting.disclosure import protect_list, protect_table, suppress


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


def test_a_lone_small_cell_in_a_row_hides_a_second_cell_of_that_row():
    # Row totals 40 and 45 are published; alone, the 5 would be 40 - 20 - 15.
    table = protect_table([[5, 20, 15], [12, 18, 15]])
    assert table.cell(0, 0).suppressed
    assert sum(table.cell(0, j).suppressed for j in range(3)) >= 2


def test_the_column_of_a_hidden_cell_hides_a_second_cell_too():
    table = protect_table([[5, 20, 15], [12, 18, 15]])
    assert sum(table.cell(i, 0).suppressed for i in range(2)) >= 2


def test_headline_totals_are_published_even_when_small():
    table = protect_table([[3, 20], [2, 30]])
    assert not table.column_total(0).suppressed
    assert table.column_total(0).value == 5
    assert not table.grand_total().suppressed


def test_a_segment_total_under_eleven_is_hidden():
    table = protect_table([[3, 4], [20, 30]])
    assert table.row_total(0).suppressed


def test_a_forced_cell_is_hidden_with_a_partner():
    table = protect_table([[30, 20], [12, 18]], forced=[(0, 2)])
    assert table.row_total(0).suppressed
    assert sum(table.cell(i, 2).suppressed for i in range(3)) >= 2


def test_a_one_way_list_hides_a_second_cell_when_one_alone_is_hidden():
    cells, total = protect_list([40, 3, 25, 30])
    assert total.value == 98
    assert [cell.suppressed for cell in cells] == [False, True, True, False]


def test_a_one_way_list_with_two_small_cells_needs_nothing_more():
    cells, _total = protect_list([40, 3, 25, 4])
    assert [cell.suppressed for cell in cells] == [False, True, False, True]


def test_a_degenerate_table_that_cannot_be_protected_is_withheld():
    table = protect_table([[3, 40]])  # one row with published column totals: each cell is its column's total
    assert table.withheld
    assert table.cell(0, 1).suppressed


def _lines(table):
    rows, columns = table.n_rows, table.n_columns
    return [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)] + [
        [(i, j) for i in range(rows + 1)] for j in range(columns + 1)
    ]


def _feasible_values(table, limit=60):
    """Every value each hidden cell can take, given what is shown: all the row and column equations (body cells add
    up to their totals) and counts that are whole and not negative. Exhaustive search, for small tables."""
    rows, columns = table.n_rows, table.n_columns
    hidden = [(i, j) for i in range(rows + 1) for j in range(columns + 1) if table.cell(i, j).suppressed]
    known = {
        (i, j): table.cell(i, j).value for i in range(rows + 1) for j in range(columns + 1) if (i, j) not in hidden
    }
    equations = []
    for i in range(rows + 1):
        equations.append(([(i, j) for j in range(columns)], (i, columns)))
    for j in range(columns + 1):
        equations.append(([(i, j) for i in range(rows)], (rows, j)))
    upper = {cell: min(limit, table.values[rows][columns]) for cell in hidden}
    found = {cell: set() for cell in hidden}

    def consistent(assignment, complete):
        for parts, total in equations:
            cells = [*parts, total]
            if not complete and any(c in hidden and c not in assignment for c in cells):
                # partial check: the known part of the sum may not exceed a known total
                if total not in hidden or total in assignment:
                    value = known.get(total, assignment.get(total))
                    if sum(known.get(c, assignment.get(c, 0)) for c in parts) > value:
                        return False
                continue
            value = known.get(total, assignment.get(total))
            if sum(known.get(c, assignment.get(c)) for c in parts) != value:
                return False
        return True

    def search(index, assignment):
        if index == len(hidden):
            if consistent(assignment, True):
                for cell in hidden:
                    found[cell].add(assignment[cell])
            return
        cell = hidden[index]
        for value in range(upper[cell] + 1):
            assignment[cell] = value
            if consistent(assignment, False):
                search(index + 1, assignment)
            del assignment[cell]

    search(0, {})
    return found


small_tables = st.integers(min_value=2, max_value=3).flatmap(
    lambda rows: st.integers(min_value=2, max_value=3).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(min_value=0, max_value=14), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(small_tables)
def test_no_line_holds_exactly_one_hidden_cell(body):
    table = protect_table(body)
    zero_columns = {j for j in range(table.n_columns + 1) if table.values[table.n_rows][j] == 0}
    for line in _lines(table):
        hidden = [(i, j) for i, j in line if table.cell(i, j).suppressed and j not in zero_columns]
        assert len(hidden) != 1


@settings(max_examples=25, deadline=None)
@given(small_tables.filter(lambda body: sum(map(sum, body)) <= 40))
def test_a_hidden_cell_cannot_be_recovered_from_the_row_and_column_totals(body):
    """The attacker knows every shown cell and total and solves the equations: each hidden cell that holds
    somebody still has at least two possible values."""
    table = protect_table(body, minimum=5)
    if table.withheld:
        return
    values = _feasible_values(table)
    for (i, j), possible in values.items():
        true_value = table.values[i][j]
        assert true_value in possible
        if true_value > 0:
            assert len(possible) >= 2, f"cell {(i, j)} = {true_value} recovered from {body}"


def test_the_pilot_breakdown_example_cannot_be_recovered():
    # Outcomes of completers by prescriber network in a small programme (the example of docs/REPORTING.md).
    body = [[6, 4, 2], [14, 3, 1], [12, 13, 2]]
    table = protect_table(body)
    values = _feasible_values(table, limit=57)
    assert all(len(possible) >= 2 for cell, possible in values.items() if table.values[cell[0]][cell[1]] > 0)


def test_secondary_suppression_prefers_cells_that_protect():
    # Hiding the zero would not protect the 3 (its neighbour could be read as 0 + 3 = 3 either way).
    table = protect_table([[3, 0, 30], [20, 15, 25]])
    assert not table.cell(0, 2).suppressed or table.cell(0, 1).suppressed
    hidden_in_row = [j for j in range(3) if table.cell(0, j).suppressed]
    assert len(hidden_in_row) >= 2


@pytest.mark.parametrize("body", list(itertools.product(range(0, 13, 6), repeat=4)))
def test_every_two_by_two_table_is_protected(body):
    table = protect_table([list(body[:2]), list(body[2:])])
    values = _feasible_values(table)
    for (i, j), possible in values.items():
        if table.values[i][j] > 0:
            assert len(possible) >= 2


def test_a_list_whose_small_cells_are_all_empty_shows_its_one_large_cell():
    # The seed: 13 people stopped, all for personal reasons.
    cells, total = protect_list([13, 0, 0, 0, 0, 0])
    assert (cells[0].value, total.value) == (13, 13)
    assert all(cell.suppressed for cell in cells[1:])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=7))
def test_no_hidden_cell_of_a_list_with_people_in_it_can_be_recovered(counts):
    cells, total = protect_list(counts)
    hidden = [i for i, cell in enumerate(cells) if cell.suppressed]
    remainder = total.value - sum(cell.value for cell in cells if not cell.suppressed)
    if remainder > 0:
        assert len(hidden) >= 2  # two or more cells share a positive remainder: none of them is known
