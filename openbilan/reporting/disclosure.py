"""Small-cell suppression for figures shown to funders (pure Python, no Django import).

A count computed from fewer than `minimum` people is never shown as such (DOMAIN.md section 5).
"""

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


def suppress(count: int, minimum: int = DEFAULT_MINIMUM) -> Cell:
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if count < minimum:
        return Cell(value=None, suppressed=True, minimum=minimum)
    return Cell(value=count, suppressed=False, minimum=minimum)
