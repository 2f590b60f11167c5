"""Small-cell suppression for figures shown to funders (pure Python, no Django import).

A count computed from fewer than `minimum` people is never shown as such (DOMAIN.md section 5): this is the
*primary* suppression. When totals are published, a lone hidden cell in a row or a column could be recovered by
subtraction, so a second cell of that line is hidden too: the *secondary* suppression. `protect_table` does both on a
two-way table whose row and column totals are published alongside it; `protect_list` on a one-way list with its total.

The rule for secondary suppression is the classic one: after it, no row and no column (totals included) holds exactly
one hidden cell. The partner hidden in a line is, in order of preference, a non-zero cell (a zero partner gives no
protection in one direction), a cell whose other line already holds hidden cells (fewer cascades), and the smallest
(the least information lost). Headline totals the rules publish in full ("public" cells) are never hidden.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DEFAULT_MINIMUM = 11


@dataclass(frozen=True)
class Cell:
    """A figure as a funder may see it: either the value, or the fact that it is too small to show."""

    value: int | None
    suppressed: bool
    minimum: int = DEFAULT_MINIMUM

    def __str__(self) -> str:
        return f"< {self.minimum}" if self.suppressed else str(self.value)

    @property
    def shown(self) -> int | str:
        """The value, or the string "< 11" (the JSON and CSV form)."""
        return str(self) if self.suppressed else self.value


def suppress(count: int, minimum: int = DEFAULT_MINIMUM) -> Cell:
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if count < minimum:
        return Cell(value=None, suppressed=True, minimum=minimum)
    return Cell(value=count, suppressed=False, minimum=minimum)


def hidden(minimum: int = DEFAULT_MINIMUM) -> Cell:
    return Cell(value=None, suppressed=True, minimum=minimum)


def shown(count: int, minimum: int = DEFAULT_MINIMUM) -> Cell:
    return Cell(value=count, suppressed=False, minimum=minimum)


@dataclass(frozen=True)
class ProtectedTable:
    """A table with its totals after suppression. Cells are addressed in the table *with* its margins: rows
    0..r-1 are the body, row r the column totals; columns 0..c-1 the body, column c the row totals."""

    values: tuple[tuple[int, ...], ...]
    suppressed: tuple[tuple[bool, ...], ...]
    minimum: int
    withheld: bool = False  # True when no safe pattern exists: nothing of the table may be shown

    @property
    def n_rows(self) -> int:
        return len(self.values) - 1

    @property
    def n_columns(self) -> int:
        return len(self.values[0]) - 1

    def cell(self, row: int, column: int) -> Cell:
        if self.withheld or self.suppressed[row][column]:
            return hidden(self.minimum)
        return shown(self.values[row][column], self.minimum)

    def row_total(self, row: int) -> Cell:
        return self.cell(row, self.n_columns)

    def column_total(self, column: int) -> Cell:
        return self.cell(self.n_rows, column)

    def grand_total(self) -> Cell:
        return self.cell(self.n_rows, self.n_columns)


def _lines(n_rows: int, n_columns: int) -> list[list[tuple[int, int]]]:
    """Every row and column of the table with its margins; each is one equation (body cells sum to the total)."""
    rows = [[(i, j) for j in range(n_columns + 1)] for i in range(n_rows + 1)]
    columns = [[(i, j) for i in range(n_rows + 1)] for j in range(n_columns + 1)]
    return rows + columns


def protect_table(
    body: Sequence[Sequence[int]],
    *,
    minimum: int = DEFAULT_MINIMUM,
    public_row_totals: bool = False,
    public_column_totals: bool = True,
    public_grand_total: bool = True,
    forced: Iterable[tuple[int, int]] = (),
    zero_sums: bool = True,
) -> ProtectedTable:
    """Primary and secondary suppression of `body` (rows x columns of counts) and its margins.

    `public_*` totals are published whatever their size (headline figures); `forced` cells (addressed in the table
    with its margins) are hidden whatever their size, for tables that share a margin with another one.
    `zero_sums`: when the hidden cells of a line add up to 0 (so each is known to be 0), hide a cell with people in
    it too, because in a two-way table such known zeros can lead to another cell; a one-way list does not need it."""
    n_rows = len(body)
    n_columns = len(body[0]) if n_rows else 0
    if any(len(row) != n_columns for row in body):
        raise ValueError("Every row needs the same number of columns.")
    if any(value < 0 for row in body for value in row):
        raise ValueError("A count cannot be negative.")
    values = [[*row, sum(row)] for row in body]
    values.append([sum(body[i][j] for i in range(n_rows)) for j in range(n_columns)] + [sum(map(sum, body))])

    def is_public(i: int, j: int) -> bool:
        if i == n_rows and j == n_columns:
            return public_grand_total
        if i == n_rows:
            return public_column_totals
        if j == n_columns:
            return public_row_totals
        return False

    forced = set(forced)
    suppressed = [
        [(i, j) in forced or (values[i][j] < minimum and not is_public(i, j)) for j in range(n_columns + 1)]
        for i in range(n_rows + 1)
    ]
    for i, j in forced:
        if is_public(i, j):
            raise ValueError("A published headline total cannot be forced hidden.")

    lines = _lines(n_rows, n_columns)
    known: set[tuple[int, int]] = set()  # hidden cells an attacker can still work out (to be 0)

    def unknown(cell) -> bool:
        return suppressed[cell[0]][cell[1]] and cell not in known

    def hide_partner(line, *, nonzero=False) -> bool:
        """Hide one more cell of `line`: one with people in it if possible, then one whose other line already has
        hidden cells (fewer cascades), then the smallest (the least information lost)."""
        candidates = [
            cell
            for cell in line
            if not suppressed[cell[0]][cell[1]] and not is_public(*cell) and (values[cell[0]][cell[1]] or not nonzero)
        ]
        if not candidates:
            return False
        horizontal = line[0][0] == line[-1][0]

        def preference(cell):
            i, j = cell
            other_line = [(k, j) for k in range(n_rows + 1)] if horizontal else [(i, k) for k in range(n_columns + 1)]
            other_hidden = sum(unknown(other) for other in other_line)
            is_total = i == n_rows or j == n_columns
            return (values[i][j] == 0, other_hidden == 0, values[i][j], is_total, i, j)

        i, j = min(candidates, key=preference)
        suppressed[i][j] = True
        return True

    withheld = False
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_cells = [cell for cell in line if unknown(cell)]
            if not hidden_cells:
                continue
            if len(hidden_cells) == 1:
                # Alone, it is the total minus the others (or their sum): hide a second one.
                if hide_partner(line):
                    changed = True
                else:
                    withheld = True
                continue
            total = line[-1]
            if zero_sums and not unknown(total) and sum(values[i][j] for i, j in hidden_cells) == 0:
                # The hidden cells add up to 0 and the total is known: each of them is 0, and that can be worked
                # out. Hide a cell with people in it too; if there is none, they are known zeros.
                if not hide_partner(line, nonzero=True):
                    known.update(hidden_cells)
                changed = True
    return ProtectedTable(
        values=tuple(tuple(row) for row in values),
        suppressed=tuple(tuple(row) for row in suppressed),
        minimum=minimum,
        withheld=withheld,
    )


def protect_list(
    counts: Sequence[int], *, minimum: int = DEFAULT_MINIMUM, public_total: bool = True
) -> tuple[list[Cell], Cell]:
    """A one-way breakdown and its total: cells under `minimum` are hidden, and when the total is published and only
    one cell is hidden, the smallest other one is hidden too (so nobody subtracts). Hidden cells that add up to 0
    stay as they are: they tell that nobody is in them, and there is no other line to learn more from."""
    table = protect_table(
        [list(counts)],
        minimum=minimum,
        public_row_totals=public_total,
        public_column_totals=False,
        public_grand_total=public_total,
        zero_sums=False,
    )
    # In a one-row table the column totals repeat the cells: read the body row and the row total.
    return [table.cell(0, j) for j in range(len(counts))], table.row_total(0)
