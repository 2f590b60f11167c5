"""Geometry of the report's bar charts (pure Python, no Django import); the SVG is drawn by the templates.

Every chart is a set of horizontal bars on a 0-100 % scale. A hidden figure ("< 11") gets no bar, only its text, so
the chart never shows more than the table next to it. A label is never cut: a long one is wrapped over several lines
at word boundaries, and its row grows to hold them.
"""

from dataclasses import dataclass

LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH, ROW_HEIGHT, BAR_HEIGHT = 270, 190, 80, 30, 20
# Characters of an 11-unit DejaVu Sans label that fit in LABEL_WIDTH with a margin (its widest lowercase letters are
# about 0.62 em: 270 / (11 x 0.62) is 39), and the distance between two lines of a label.
LABEL_CHARACTERS, LINE_HEIGHT = 38, 13


def wrap(label: str, width: int = LABEL_CHARACTERS) -> tuple[str, ...]:
    """The label's lines, cut between words only (a single word longer than a line stays whole on its own)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return tuple(lines) or ("",)


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    text: str  # what is written after the bar: "20,6 %" or "< 11"
    y: float
    width: float
    text_y: float
    value_x: float
    lines: tuple[tuple[str, float], ...] = ()  # the label's lines and the baseline of each


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
    top = 6.0
    for key, label, value, text in items:
        lines = wrap(str(label))
        height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 10)
        y = top + (height - ROW_HEIGHT) / 2
        first = y + 15 - (len(lines) - 1) * LINE_HEIGHT / 2
        share = 0.0 if value is None else min(max(float(value), 0.0), 100.0) / 100
        width = round(share * BAR_WIDTH, 1)
        baselines = tuple((line, round(first + n * LINE_HEIGHT, 1)) for n, line in enumerate(lines))
        bars.append(Bar(key, label, text, y, width, y + 15, round(LABEL_WIDTH + width + 6, 1), baselines))
        top += height
    return Chart(
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height=round(top + 6),
        bar_left=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
    )
