"""The RIASEC bar chart geometry and the snapshot of the suggestions' explanations."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.projects import chart, snapshot
from openbilan.recommendations.text import LETTER_NAMES, Text

scores = st.fixed_dictionaries({letter: st.floats(-50, 150, allow_nan=False) for letter in chart.LETTERS})


@given(scores)
def test_every_bar_stays_inside_the_chart(values):
    result = chart.riasec_chart(values)
    assert [bar.letter for bar in result.bars] == list(chart.LETTERS)
    for bar in result.bars:
        assert 0 <= bar.width <= chart.RIGHT - chart.LEFT
        assert 0 <= bar.score <= 100
        assert bar.y + chart.BAR <= result.axis_y <= result.height


def test_a_bar_is_proportional_to_its_score():
    result = chart.riasec_chart({"R": 0, "S": 50, "C": 100})
    widths = {bar.letter: bar.width for bar in result.bars}
    assert widths == {"R": 0, "S": (chart.RIGHT - chart.LEFT) / 2, "C": chart.RIGHT - chart.LEFT}


def test_the_holland_code_takes_the_three_highest_scores_ties_in_riasec_order():
    assert chart.holland_code({"R": 10, "I": 50, "A": 50, "S": 90, "E": 20, "C": 50}) == "SIA"


def test_a_snapshot_gives_back_the_same_text_with_nested_parameters():
    text = Text("Vos intérêts (%(person)s) : corrélation de %(fit)s.", {"person": (LETTER_NAMES["S"],), "fit": 0.68})
    stored = snapshot.dump(text)
    assert snapshot.load(stored) == text
    assert snapshot.load(stored).render() == "Vos intérêts (Social) : corrélation de 0.68."
