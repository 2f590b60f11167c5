"""Hiring figures of the BMO survey as the platform reads them. Pure Python (no Django import).

France Travail publishes, per occupation family (FAP 2021), employment area ("bassin") and département, three counts:
recruitment projects, projects judged difficult, seasonal projects. A cell of fewer respondents than the statistical
secrecy allows is published as "*": unknown, never zero. A family absent from a bassin in a survey that covers both
has no project there: the open-data file never writes a 0 (its rows all hold at least one project or a "*").

A bassin spanning several départements is published in several rows; a region's figure is the sum of its bassins.
A sum is exact only when every part was published; otherwise the published parts give a lower bound ("au moins").
"""

import bisect
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SECRET = "*"
LEVELS = 5  # the demand scale: 1 (the fifth of the bassin's families that plan the fewest projects) to 5


@dataclass(frozen=True)
class Count:
    """A published figure, or a sum of them: `value` is exact, or None when a part was "*" (then `floor` is the sum
    of the published parts, a lower bound)."""

    value: int | None
    floor: int

    @classmethod
    def exact(cls, number: int) -> "Count":
        return cls(number, number)

    @classmethod
    def secret(cls) -> "Count":
        return SECRET_COUNT

    @classmethod
    def total(cls, parts: Iterable["Count"]) -> "Count":
        value: int | None = 0
        floor = 0
        for part in parts:
            floor += part.floor
            value = None if value is None or part.value is None else value + part.value
        return cls(value, floor)

    def __add__(self, other: "Count") -> "Count":
        return Count.total((self, other))


ZERO = Count.exact(0)
SECRET_COUNT = Count(None, 0)


def parse_cell(raw: object) -> Count:
    """One cell of the official file: a non-negative whole number, or "*". Raises ValueError otherwise."""
    if isinstance(raw, str) and raw.isdigit() and len(raw) < 10:
        number = int(raw)
        return Count(number, number)
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and raw.is_integer():
        number = int(raw)
    else:
        text = str(raw if raw is not None else "").strip()
        if text == SECRET:
            return Count.secret()
        if not text.isdigit() or len(text) > 9:
            raise ValueError(text)
        number = int(text)
    if number < 0:
        raise ValueError(raw)
    return Count.exact(number)


@dataclass(frozen=True)
class Figures:
    """A family's three counts in one place (a bassin, a group of bassins or a region)."""

    projects: Count
    difficult: Count
    seasonal: Count

    @classmethod
    def none(cls) -> "Figures":
        return cls(ZERO, ZERO, ZERO)

    @classmethod
    def total(cls, parts: Iterable["Figures"]) -> "Figures":
        parts = list(parts)
        if len(parts) == 1:
            return parts[0]
        return cls(
            Count.total(p.projects for p in parts),
            Count.total(p.difficult for p in parts),
            Count.total(p.seasonal for p in parts),
        )

    def share(self, part: Count) -> int | None:
        """A part of the projects (difficult or seasonal) in whole percent, when both are exact and projects > 0."""
        if part.value is None or self.projects.value in (None, 0):
            return None
        return round(100 * part.value / self.projects.value)

    @property
    def difficult_percent(self) -> int | None:
        return self.share(self.difficult)

    @property
    def seasonal_percent(self) -> int | None:
        return self.share(self.seasonal)


@dataclass(frozen=True)
class Change:
    """From one survey to the next: the difference in projects and, when the earlier count is not 0, in percent."""

    previous_year: int
    previous: int
    difference: int
    percent: int | None


def change(current: Count, previous: Count, previous_year: int) -> Change | None:
    if current.value is None or previous.value is None:
        return None
    difference = current.value - previous.value
    percent = round(100 * difference / previous.value) if previous.value else None
    return Change(previous_year, previous.value, difference, percent)


def demand_levels(projects: Mapping[str, int | None]) -> dict[str, int | None]:
    """Each family's place on a 1-5 scale among the families of one bassin, by projects (exact counts only).

    Level k holds the families whose count is above the (k-1)th fifth of the distribution: the share of the bassin's
    families with as many projects or fewer, times 5, rounded up. Families with a secret count have no level."""
    known = sorted(v for v in projects.values() if v is not None)
    if not known:
        return dict.fromkeys(projects)
    levels: dict[str, int | None] = {}
    for key, value in projects.items():
        if value is None:
            levels[key] = None
            continue
        at_most = bisect.bisect_right(known, value)
        levels[key] = max(1, min(LEVELS, math.ceil(LEVELS * at_most / len(known))))
    return levels
