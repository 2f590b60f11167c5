"""Disclosure control over a funder's publication (pure Python with numpy and scipy; no Django import).

A publication is a set of counts (cells) and the equations that link them: a total is the sum of its parts (the
programme's enrolled are those completed, in progress, dropped and not started; a prescriber network is the sum of
its prescribers; those who completed are the sum of their outcomes...). A funder sees every published cell and can
solve every equation at once, knowing also that a count is never negative, that a cell shown "< 11" holds 1 to 10
people (0 is shown as 0), and that a cell "withheld to protect a small cell" holds 11 or more (its label says it is
not small).

- **Primary suppression**: a cell of 1 to `minimum` - 1 people (default 11, docs/DOMAIN_NOTES.md, section 4) is
  withheld as small; a cell of nobody is shown (0), as statistical offices do: there is no one in it to protect.
- **Secondary suppression**: as long as some withheld cell can be worked out exactly from the published ones (an
  attacker's linear programme: its smallest and its largest possible value are the same), one more cell is withheld
  to protect it, chosen among the cells of the equations that expose it (the least exposed line first, then a detail
  before a total, then the smallest: the least information lost). Such a cell is labelled as protecting, never as
  small: a label is always true.
- `audit` is the attacker: it finds every withheld cell whose value is determined. Equalities alone are checked with
  the null space of the equations (numpy/scipy SVD); what non-negativity and the bounds add, with scipy's HiGHS
  linear programmes, run only for the cells that the null space cannot clear.

Cells are addressed by any hashable key. A `Block` is protected on its own; the cells it shares with blocks protected
before it (a breakdown's total row is the headline) are `fixed`: their status is decided and never changed here, and a
withheld fixed cell is protected like the others (the block hides more of its own cells if it exposes it).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import null_space
from scipy.optimize import linprog

DEFAULT_MINIMUM = 11
SHOWN, SMALL, SECONDARY = "shown", "small", "secondary"
TOLERANCE = 1e-7

Key = Hashable
Equation = tuple[Key, tuple[Key, ...]]  # total, parts


@dataclass(frozen=True)
class Cell:
    """A figure as a funder may see it: the value, or the fact that it is withheld and why."""

    value: int | None
    suppressed: bool
    minimum: int = DEFAULT_MINIMUM
    reason: str = ""  # SMALL or SECONDARY when suppressed

    def __str__(self) -> str:
        if not self.suppressed:
            return str(self.value)
        return f"< {self.minimum}" if self.reason != SECONDARY else "masqué"

    @property
    def shown(self) -> int | str:
        """The value, or the string "< 11" for a small cell (the JSON form of a small count)."""
        return str(self) if self.suppressed else self.value


def suppress(count: int, minimum: int = DEFAULT_MINIMUM) -> Cell:
    """Primary suppression of one count on its own (a figure with no other figure it adds up with)."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if 0 < count < minimum:
        return Cell(value=None, suppressed=True, minimum=minimum, reason=SMALL)
    return Cell(value=count, suppressed=False, minimum=minimum)


def hidden(minimum: int = DEFAULT_MINIMUM) -> Cell:
    return Cell(value=None, suppressed=True, minimum=minimum, reason=SMALL)


def shown(count: int, minimum: int = DEFAULT_MINIMUM) -> Cell:
    return Cell(value=count, suppressed=False, minimum=minimum)


@dataclass
class Block:
    """Cells and their equations, protected together. `fixed` cells keep the status given (decided by an earlier
    block), `forced` cells are withheld whatever their size (asked by a later block)."""

    values: dict[Key, int] = field(default_factory=dict)
    equations: list[Equation] = field(default_factory=list)
    fixed: dict[Key, str] = field(default_factory=dict)
    forced: set = field(default_factory=set)

    def add(self, key: Key, value: int) -> Key:
        if value < 0:
            raise ValueError("A count cannot be negative.")
        self.values[key] = value
        return key

    def equation(self, total: Key, parts: Iterable[Key]) -> None:
        parts = tuple(parts)
        if not parts:
            return
        if self.values[total] != sum(self.values[part] for part in parts):
            raise ValueError(f"{total!r} is not the sum of its parts.")
        self.equations.append((total, parts))


@dataclass(frozen=True)
class Protection:
    status: Mapping[Key, str]
    withheld: bool = False  # no safe pattern: nothing of the block may be shown
    escalate: frozenset = frozenset()  # fixed cells this block needs withheld too (see protect)

    def cell(self, key: Key, values: Mapping[Key, int], minimum: int) -> Cell:
        state = SMALL if self.withheld else self.status[key]
        if state == SHOWN:
            return shown(values[key], minimum)
        return Cell(value=None, suppressed=True, minimum=minimum, reason=state)


def primary(values: Mapping[Key, int], minimum: int) -> dict[Key, str]:
    """Small: 1 to minimum - 1 people. Nobody (0) is shown: there is no one to protect in it (the usual rule of
    statistical offices; hiding zeros would mask the large counts beside them, e.g. "completed" at the end of a
    programme where nobody is in progress any more)."""
    return {key: SMALL if 0 < value < minimum else SHOWN for key, value in values.items()}


# --- The attacker -----------------------------------------------------------------------------------------------------


def _components(hidden_keys: Sequence[Key], equations: Sequence[Equation], status) -> list[list[Key]]:
    """Withheld cells linked by equations (through other withheld cells), so each group is solved on its own."""
    parent = {key: key for key in hidden_keys}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for total, parts in equations:
        members = [key for key in (total, *parts) if status[key] != SHOWN]
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    groups: dict[Key, list[Key]] = {}
    for key in hidden_keys:
        groups.setdefault(find(key), []).append(key)
    return list(groups.values())


def _bounds(key, values, status, minimum) -> tuple[float, float | None]:
    return (1.0, float(minimum - 1)) if status[key] == SMALL else (float(minimum), None)


def audit(
    values: Mapping[Key, int], equations: Sequence[Equation], status: Mapping[Key, str], minimum: int
) -> list[Key]:
    """The withheld cells whose exact value follows from the published cells, the equations, non-negativity, "< 11"
    (1 to minimum - 1) and "withheld to protect" (minimum or more). In the order of `values`."""
    hidden_keys = [key for key in values if status[key] != SHOWN]
    pinned: list[Key] = []
    for group in _components(hidden_keys, equations, status):
        pinned += _audit_group(group, values, equations, status, minimum)
    order = {key: i for i, key in enumerate(values)}
    return sorted(pinned, key=order.__getitem__)


def _audit_group(group, values, equations, status, minimum) -> list[Key]:
    index = {key: i for i, key in enumerate(group)}
    rows, rhs = [], []
    for total, parts in equations:
        row = np.zeros(len(group))
        constant = 0
        touched = False
        for key, sign in ((total, 1), *((part, -1) for part in parts)):
            if key in index:
                row[index[key]] += sign
                touched = True
            elif status[key] == SHOWN:
                constant += sign * values[key]
            else:
                touched = False  # a withheld cell of another group: this equation belongs there
                break
        if touched:
            rows.append(row)
            rhs.append(-constant)
    truth = np.array([values[key] for key in group], dtype=float)
    bounds = [_bounds(key, values, status, minimum) for key in group]
    if not rows:
        return []
    matrix = np.array(rows)
    rhs = np.array(rhs, dtype=float)
    free = null_space(matrix)
    if free.size == 0:
        return list(group)  # the equations determine every cell
    movable = np.linalg.norm(free, axis=1) > TOLERANCE
    at_bound = [
        truth[i] <= low + TOLERANCE or (high is not None and truth[i] >= high - TOLERANCE)
        for i, (low, high) in enumerate(bounds)
    ]
    # Cells strictly inside their bounds that can move while every cell at a bound stays put: free both ways.
    fixed_rows = [np.eye(len(group))[i] for i, flag in enumerate(at_bound) if flag]
    interior = movable.copy()
    if fixed_rows:
        inner = null_space(np.vstack([matrix, *fixed_rows]))
        interior = np.linalg.norm(inner, axis=1) > TOLERANCE if inner.size else np.zeros(len(group), dtype=bool)
    pinned = []
    for i, key in enumerate(group):
        if not movable[i] or (not interior[i] and _lp_pinned(i, matrix, rhs, bounds, truth)):
            pinned.append(key)
    return pinned


def _lp_pinned(i: int, matrix, rhs, bounds, truth) -> bool:
    """True when the cell's largest and smallest possible values (linear programme) are its value."""
    objective = np.zeros(matrix.shape[1])
    for sign in (-1.0, 1.0):  # maximise, then minimise
        low, high = bounds[i]
        if sign < 0 and high is not None and truth[i] >= high - TOLERANCE:
            continue  # at its upper bound: it cannot go up
        if sign > 0 and truth[i] <= low + TOLERANCE:
            continue  # at its lower bound: it cannot go down
        objective[:] = 0
        objective[i] = sign
        result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
        if result.status == 3:  # unbounded: it can grow without limit
            return False
        if result.status == 0 and abs(result.x[i] - truth[i]) > 1 - 1e-6:
            return False
    return True


# --- Secondary suppression --------------------------------------------------------------------------------------------


def protect(block: Block, *, minimum: int = DEFAULT_MINIMUM, may_escalate: bool = False) -> Protection:
    """Primary then secondary suppression of a block (see the module's docstring). With `may_escalate`, a fixed cell
    (decided by an earlier block) may be asked to be withheld too, when nothing of the block's own protects a cell:
    the protection then lists it in `escalate`, and the caller protects the earlier block again with it withheld."""
    values = block.values
    status = primary(values, minimum)
    status.update({key: SECONDARY for key in block.forced if status[key] == SHOWN and values[key] >= minimum})
    status.update(block.fixed)
    totals = {total for total, _parts in block.equations}
    order = {key: i for i, key in enumerate(values)}
    touching: dict[Key, list[Equation]] = {}
    for equation in block.equations:
        for key in (equation[0], *equation[1]):
            touching.setdefault(key, []).append(equation)

    def eligible(key, fixed_too=False) -> bool:
        # A partner is shown and holds 11 or more (its label "withheld to protect" must be true).
        return status[key] == SHOWN and values[key] >= minimum and (fixed_too or key not in block.fixed)

    def rank(key, exposure=0):
        # The least exposed line first, then a cell that can move both ways (more than 11), a detail before a
        # total, the smallest (the least information lost).
        return (exposure, values[key] <= minimum, key in totals, values[key], order[key])

    def candidates(target: Key, within: Sequence[Equation] | None = None, fixed_too=False) -> list[Key]:
        ranked = {}
        for equation in within or touching.get(target, ()):
            members = (equation[0], *equation[1])
            exposure = sum(status[key] != SHOWN for key in members)
            for key in members:
                if eligible(key, fixed_too):
                    ranked[key] = min(ranked.get(key, rank(key, exposure)), rank(key, exposure))
        if not ranked and within is None:
            # No shown cell beside it: take one beside the withheld cells it is linked to.
            linked = {key for eq in touching.get(target, ()) for key in (eq[0], *eq[1]) if status[key] != SHOWN}
            for key in linked:
                for equation in touching.get(key, ()):
                    for member in (equation[0], *equation[1]):
                        if eligible(member, fixed_too):
                            ranked[member] = rank(member, 99)
        return sorted(ranked, key=ranked.__getitem__)

    escalate: set[Key] = set()
    # A quick first pass: an equation with exactly one withheld cell gives it away by subtraction.
    changed = True
    while changed:
        changed = False
        for total, parts in block.equations:
            members = (total, *parts)
            withheld = [key for key in members if status[key] != SHOWN]
            if len(withheld) == 1:
                found = candidates(withheld[0], [(total, parts)])
                if not found:
                    found = candidates(withheld[0], [(total, parts)], fixed_too=may_escalate)
                    if not found:
                        return Protection(status=status, withheld=True)
                    escalate.add(found[0])
                status[found[0]] = SECONDARY
                changed = True
    # Then the attacker, until nothing withheld can be worked out; each partner tried in turn, the first one that
    # frees the exposed cell is kept (else the first one, and the attacker runs again).
    exposed = audit(values, block.equations, status, minimum)
    while exposed:
        target = exposed[0]
        found = candidates(target)
        fixed = False
        if not found and may_escalate:
            found, fixed = candidates(target, fixed_too=True), True
        if not found:
            return Protection(status=status, withheld=True)
        chosen, after = found[0], None
        for key in found[:6]:
            status[key] = SECONDARY
            trial = audit(values, block.equations, status, minimum)
            status[key] = SHOWN
            if target not in trial:
                chosen, after = key, trial
                break
        status[chosen] = SECONDARY
        if fixed:
            escalate.add(chosen)
        exposed = after if after is not None else audit(values, block.equations, status, minimum)
    return Protection(status=status, escalate=frozenset(escalate))
