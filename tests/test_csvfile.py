import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan import csvfile


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_start_is_written_as_text(text):
    out = io.StringIO()
    csvfile.writer(out).writerow([text])
    (cell,) = next(csv.reader(io.StringIO(out.getvalue())))
    assert cell == "'" + text


def test_numbers_stay_numbers_and_take_a_decimal_comma_in_french():
    out = io.StringIO()
    csvfile.writer(out, french=True).writerow(["Caen", 12, -0.5, None, True])
    assert out.getvalue() == "Caen;12;-0,5;;True\r\n"


def test_plain_text_is_unchanged():
    out = io.StringIO()
    csvfile.writer(out).writerows([["Mission locale", "d'Évreux"]])
    assert out.getvalue() == "Mission locale,d'Évreux\r\n"


@given(st.text())
def test_no_text_cell_reads_back_as_a_formula(text):
    out = io.StringIO()
    csvfile.writer(out, french=True).writerow([text])
    cells = next(csv.reader(io.StringIO(out.getvalue()), delimiter=";"), [""])
    assert not cells[0].startswith(csvfile.FORMULA_STARTS)
