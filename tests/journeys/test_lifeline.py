"""The life line as a line (openbilan.journeys.lifeline): each dated step sits on the axis of years, in its kind's
lane; a one-year step stays visible; the drawing never leaves its width."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.journeys.lifeline import LANES, MIN_BAR, Step, layout


def test_nothing_is_drawn_without_a_year():
    assert layout([Step("CAP cuisine", "study", None)]) is None
    assert layout([]) is None


def test_steps_sit_in_order_on_the_years_axis_in_their_lane():
    drawing = layout(
        [
            Step("Vendeuse", "job", 2010, 2014),
            Step("CAP vente", "study", 2008, 2009),
            Step("Naissance", "personal", 2015),
        ],
        width=320,
    )
    study, job, personal = drawing.bars
    assert [b.title for b in drawing.bars] == ["CAP vente", "Vendeuse", "Naissance"]
    assert study.x < job.x < personal.x
    assert study.y < job.y < personal.y  # studies on top, jobs in the middle, personal life below
    assert job.width > study.width  # five years are longer than two
    assert personal.end == 2015
    years = [year for year, _x in drawing.ticks]
    assert years[0] >= 2008 and years[-1] <= 2016 and years == sorted(years)


step = st.builds(
    Step,
    title=st.text(max_size=5),
    kind=st.sampled_from(LANES),
    start=st.integers(1930, 2100),
    end=st.one_of(st.none(), st.integers(1930, 2100)),
)


@given(st.lists(step, min_size=1, max_size=12))
def test_every_bar_is_visible_and_inside_the_drawing(steps):
    drawing = layout(steps, width=320)
    assert len(drawing.bars) == len(steps)
    for bar in drawing.bars:
        assert bar.width >= MIN_BAR
        assert bar.x >= 0
        assert bar.x + bar.width <= drawing.width
        assert bar.end >= bar.start
    assert all(0 <= x <= drawing.width for _year, x in drawing.ticks)
