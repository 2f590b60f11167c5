"""Geometry of the report's bar charts (pure Python, no Django import); the SVG is drawn by the templates.

Every chart is a set of horizontal bars on a 0-100 % scale. A hidden figure ("< 11") gets no bar, only its text, so
the chart never shows more than the table next to it.
"""

from dataclasses import dataclass

LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH, ROW_HEIGHT, BAR_HEIGHT = 270, 190, 80, 30, 20


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    text: str  # what is written after the bar: "20,6 %" or "< 11"
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_left: int
    bar_width: int


def bar_chart(items: list[tuple[str, str, float | None, str]]) -> Chart:
    """One bar per (key, label, percent or None when hidden, text) item, in order."""
    bars = []
    for index, (key, label, value, text) in enumerate(items):
        y = 6 + index * ROW_HEIGHT
        share = 0.0 if value is None else min(max(float(value), 0.0), 100.0) / 100
        width = round(share * BAR_WIDTH, 1)
        bars.append(Bar(key, label, text, y, width, y + 15, round(LABEL_WIDTH + width + 6, 1)))
    return Chart(
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height=12 + len(items) * ROW_HEIGHT,
        bar_left=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
    )
