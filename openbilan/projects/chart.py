"""A horizontal bar chart of the six RIASEC scores (0-100), as plain geometry for an SVG drawn by a template, for the
page and for the PDF (vectors in both). Pure Python, no Django import."""

from __future__ import annotations

from dataclasses import dataclass

from openbilan.referential.riasec import LETTERS

WIDTH = 480
LEFT = 130  # room for the dimension's name
RIGHT = 440  # the bar's end at 100; the value is written after it
ROW = 26
TOP = 8
BAR = 14


@dataclass(frozen=True)
class Bar:
    letter: str
    score: float
    x: float
    y: float
    width: float
    label_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[int, float], ...]  # (value, x)
    axis_y: float


def clamp(score: float) -> float:
    return max(0.0, min(100.0, float(score)))


def riasec_chart(scores: dict[str, float]) -> BarChart:
    """One bar per letter, in R I A S E C order (letters missing from `scores` are left out)."""
    span = RIGHT - LEFT
    bars = []
    for row, letter in enumerate(letter for letter in LETTERS if letter in scores):
        score = clamp(scores[letter])
        y = TOP + row * ROW
        bars.append(Bar(letter, round(score, 1), LEFT, y, round(span * score / 100, 2), y + BAR - 2))
    axis_y = TOP + len(bars) * ROW + 10
    ticks = tuple((value, LEFT + span * value / 100) for value in (0, 25, 50, 75, 100))
    return BarChart(WIDTH, int(axis_y + 8), LEFT, RIGHT, tuple(bars), ticks, axis_y)


def holland_code(scores: dict[str, float], count: int = 3) -> str:
    """The letters of the highest scores, ties broken in R I A S E C order."""
    ordered = sorted((letter for letter in LETTERS if letter in scores), key=lambda letter: -scores[letter])
    return "".join(ordered[:count])
