"""The life line drawn as a line: where each dated step of the person's timeline sits on a horizontal axis of years.

Pure Python (no Django): the page draws the result as a server-side SVG, with the same steps as text beside it.
One lane per kind of step (studies, jobs, personal events), in that order; a step without an end year lasts its
start year only. Steps without a start year are not drawn (the page lists them all as text).
"""

from dataclasses import dataclass

LANES = ("study", "job", "personal")
LEFT, RIGHT, TOP = 8, 8, 4
LANE_HEIGHT, BAR_HEIGHT, AXIS_HEIGHT = 22, 14, 18
MIN_BAR = 6  # a one-year step stays visible


@dataclass(frozen=True)
class Step:
    title: str
    kind: str
    start: int | None
    end: int | None = None


@dataclass(frozen=True)
class Bar:
    title: str
    kind: str
    start: int
    end: int
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[int, float]]  # (year, x)
    lanes: list[tuple[str, float]]  # (kind, y of the lane's line)
    axis_y: float


def tick_step(span: int) -> int:
    """Years between two ticks, so that about six ticks fit."""
    for step in (1, 2, 5, 10, 20):
        if span / step <= 6:
            return step
    return 25


def layout(steps: list[Step], *, width: int = 320) -> Drawing | None:
    """Positions of the dated steps, or None when no step has a year."""
    dated = [s for s in steps if s.start is not None and s.kind in LANES]
    if not dated:
        return None
    first = min(s.start for s in dated)
    last = max(max(s.start, s.end or s.start) for s in dated)
    first_edge, last_edge = first, last + 1  # a year is drawn as the span [year, year + 1)
    inner = width - LEFT - RIGHT
    scale = inner / (last_edge - first_edge)

    def x_of(year: int) -> float:
        return round(LEFT + (year - first_edge) * scale, 1)

    lane_y = {kind: TOP + index * LANE_HEIGHT for index, kind in enumerate(LANES)}
    bars = []
    for step in sorted(dated, key=lambda s: (s.start, LANES.index(s.kind))):
        end = max(step.end or step.start, step.start)
        x = x_of(step.start)
        bar_width = max(round(x_of(end + 1) - x, 1), MIN_BAR)
        bars.append(Bar(step.title, step.kind, step.start, end, x, lane_y[step.kind], bar_width))
    every = tick_step(last_edge - first_edge)
    start_tick = first + (-first) % every
    ticks = [(year, x_of(year)) for year in range(start_tick, last_edge + 1, every)]
    axis_y = TOP + len(LANES) * LANE_HEIGHT + 2
    lanes = [(kind, lane_y[kind] + BAR_HEIGHT / 2) for kind in LANES]
    return Drawing(width, int(axis_y + AXIS_HEIGHT), bars, ticks, lanes, axis_y)
