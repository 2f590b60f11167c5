"""The report's bar charts (pure geometry): a label is never cut, long ones wrap at words and their row grows."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.reporting.charts import LABEL_CHARACTERS, LINE_HEIGHT, ROW_HEIGHT, bar_chart, wrap

LONG = "ont trouvé le travail sur soi ou les échanges avec le coach les plus utiles"


def test_a_long_label_wraps_at_words_and_keeps_every_word():
    lines = wrap(LONG)
    assert len(lines) == 2
    assert " ".join(lines) == LONG
    assert all(len(line) <= LABEL_CHARACTERS for line in lines)


def test_a_short_label_is_one_line_in_a_row_of_the_usual_height():
    chart = bar_chart([("a", "Terminé", 63.0, "63,0 %"), ("b", "En cours", None, "< 11")])
    assert [bar.lines for bar in chart.bars] == [(("Terminé", 21.0),), (("En cours", 51.0),)]
    assert [bar.y for bar in chart.bars] == [6.0, 36.0]
    assert chart.height == 12 + 2 * ROW_HEIGHT


def test_the_row_of_a_wrapped_label_grows_and_the_next_row_starts_below_it():
    chart = bar_chart([("a", f"{LONG} {LONG}", 20.0, "20,0 %"), ("b", "Court", 10.0, "10,0 %")])
    first, second = chart.bars
    assert len(first.lines) == 4
    last_baseline = first.lines[-1][1]
    assert second.lines[0][1] - last_baseline >= LINE_HEIGHT  # no overlap with the next label
    assert second.y >= first.y + 20  # nor with the next bar
    assert chart.height >= second.y + 20


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_label_keeps_all_its_words_in_order(label):
    lines = wrap(label)
    assert " ".join(lines).split() == label.split()
    assert all(len(line) <= LABEL_CHARACTERS or " " not in line for line in lines)
