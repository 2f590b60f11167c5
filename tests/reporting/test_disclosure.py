"""The disclosure module as a library: primary and secondary suppression on blocks of cells and equations, and the
attacker (audit) that finds withheld cells whose value can be worked out."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.reporting.disclosure import SECONDARY, SHOWN, SMALL, Block, audit, primary, protect, suppress


def table(body, fixed=None) -> Block:
    """A two-way table with its row and column totals and grand total, as a block."""
    block = Block()
    for i, row in enumerate(body):
        for j, value in enumerate(row):
            block.add((i, j), value)
        block.add((i, "T"), sum(row))
        block.equation((i, "T"), [(i, j) for j in range(len(row))])
    for j in range(len(body[0])):
        block.add(("T", j), sum(row[j] for row in body))
        block.equation(("T", j), [(i, j) for i in range(len(body))])
    block.add(("T", "T"), sum(map(sum, body)))
    block.equation(("T", "T"), [("T", j) for j in range(len(body[0]))])
    block.equation(("T", "T"), [(i, "T") for i in range(len(body))])
    block.fixed.update(fixed or {})
    return block


def test_ten_people_is_small_eleven_is_shown_and_nobody_is_zero():
    assert suppress(10).suppressed and str(suppress(10)) == "< 11"
    assert str(suppress(0)) == "0"
    assert not suppress(11).suppressed and str(suppress(11)) == "11"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        suppress(-1)
    with pytest.raises(ValueError):
        Block().add("a", -1)


def test_an_equation_that_does_not_add_up_is_refused():
    block = Block()
    block.add("total", 10)
    block.add("part", 3)
    with pytest.raises(ValueError):
        block.equation("total", ["part"])


def test_the_attacker_finds_a_lone_withheld_cell_by_subtraction():
    block = table([[5, 20, 15], [12, 18, 15]])
    status = primary(block.values, 11)
    assert audit(block.values, block.equations, status, 11) == [(0, 0), (0, "T")] or (0, 0) in audit(
        block.values, block.equations, status, 11
    )


def test_the_attacker_uses_the_bounds_of_the_labels():
    # a + b = 12 with a small (1 to 10) and b withheld to protect it (11 or more): b is 11 and a is 1.
    block = Block()
    block.add("total", 12)
    block.add("a", 1)
    block.add("b", 11)
    block.equation("total", ["a", "b"])
    status = {"total": SHOWN, "a": SMALL, "b": SECONDARY}
    assert audit(block.values, block.equations, status, 11) == ["a", "b"]


def test_the_attacker_knows_two_small_cells_adding_up_to_two_are_one_each():
    block = Block()
    block.add("total", 32)
    for key, value in (("a", 30), ("b", 1), ("c", 1)):
        block.add(key, value)
    block.equation("total", ["a", "b", "c"])
    status = {"total": SHOWN, "a": SHOWN, "b": SMALL, "c": SMALL}
    assert audit(block.values, block.equations, status, 11) == ["b", "c"]


def test_a_bridge_between_two_protected_squares_is_found():
    # Every row and column has two withheld cells, yet the cell joining the two squares is determined.
    body = [[20, 20, 0, 0], [20, 20, 20, 0], [0, 0, 20, 20], [0, 0, 20, 20]]
    block = table(body)
    status = dict.fromkeys(block.values, SHOWN)
    for key in ((0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)):
        status[key] = SECONDARY
    assert (1, 2) in audit(block.values, block.equations, status, 11)


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_column():
    protection = protect(table([[5, 20, 15], [12, 18, 15], [30, 14, 40]]))
    assert protection.status[(0, 0)] == SMALL
    assert sum(protection.status[(0, j)] != SHOWN for j in range(3)) >= 2
    assert sum(protection.status[(i, 0)] != SHOWN for i in range(3)) >= 2


def test_fixed_cells_keep_their_status():
    block = table([[5, 20], [12, 18]], fixed={("T", 0): SHOWN, ("T", "T"): SHOWN})
    protection = protect(block)
    assert protection.status[("T", 0)] == SHOWN and protection.status[("T", "T")] == SHOWN


def test_a_table_that_cannot_be_protected_is_withheld():
    # One row under published column totals: each cell is its column's total.
    block = table([[3, 40]], fixed={("T", 0): SHOWN, ("T", 1): SHOWN, ("T", "T"): SHOWN})
    assert protect(block).withheld


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from((0, 1, 3, 7, 10, 11, 12, 15, 25, 60)), min_size=2, max_size=4),
        min_size=2,
        max_size=4,
    ).filter(lambda rows: len({len(row) for row in rows}) == 1)
)
def test_after_protection_the_attacker_recovers_no_withheld_cell(body):
    block = table(body)
    protection = protect(block)
    if not protection.withheld:
        assert audit(block.values, block.equations, protection.status, 11) == []
        for key, state in protection.status.items():
            assert (state == SMALL) == (0 < block.values[key] < 11)  # labels are true
