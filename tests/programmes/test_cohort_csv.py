"""The cohort file reader (pure): every problem found, none raised, whatever the file holds."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.programmes import cohort_csv
from tests.programmes.cohort import csv_bytes, row

TODAY = datetime.date(2026, 11, 26)


def parse(rows, historical=False, **kwargs):
    return cohort_csv.parse(csv_bytes(rows, **kwargs).decode(), historical=historical, today=TODAY)


def test_a_valid_row_is_read_with_its_types():
    parsed = parse([row(1, qpv="YES", zrr="no", single_parent="")])
    assert parsed.errors == []
    [person] = parsed.rows
    assert (person.line, person.birth_date, person.qpv, person.zrr, person.single_parent) == (
        2,
        datetime.date(1990, 4, 12),
        True,
        False,
        None,
    )
    assert person.status == "invited"


def test_optional_columns_may_be_left_out():
    parsed = parse([row(1)], columns=("external_id", "first_name", "last_name", "email"))
    assert parsed.errors == [] and parsed.rows[0].birth_date is None


def test_a_missing_required_column_and_an_unknown_column_are_reported_on_the_header():
    parsed = parse([row(1)], columns=("external_id", "first_name", "mail"))
    assert {(e.line, e.column, e.code) for e in parsed.errors} == {
        (1, "mail", "unknown_column"),
        (1, "last_name", "missing_column"),
        (1, "email", "missing_column"),
    }


def test_dates_must_be_iso_and_not_in_the_future():
    parsed = parse([row(1, birth_date="1990-02-30"), row(2, referred_on="2030-01-01")])
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, "birth_date", "date"),
        (3, "referred_on", "future"),
    ]


def test_codes_outside_the_lists_are_reported_with_the_allowed_values():
    [error] = parse([row(1, social_minima="minima")]).errors
    assert error.code == "choice" and "rsa" in error.params["allowed"]


def test_a_row_with_a_wrong_number_of_cells_is_reported():
    text = csv_bytes([row(1)]).decode() + "P9,only,three\n"
    parsed = cohort_csv.parse(text, historical=False, today=TODAY)
    assert [(e.line, e.code) for e in parsed.errors] == [(3, "row_length")]


def test_historical_rows_need_coherent_statuses():
    parsed = parse(
        [
            row(1, status="completed"),
            row(2, status="active", status_on="2021-07-01", drop_reason="health"),
            row(3, status="completed", status_on="2021-09-01", outcome_on="2021-08-01", outcome="training"),
            row(4, status="completed", status_on="2021-05-01"),
        ],
        historical=True,
    )
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, "status_on", "status_on_missing"),
        (3, "drop_reason", "drop_reason_not_dropped"),
        (4, "outcome_on", "before"),
        (5, "status_on", "before"),
    ]


def test_names_are_compared_without_accents_case_or_hyphens():
    assert cohort_csv.name_key("Éloïse ", "Dupont-Durand") == cohort_csv.name_key("eloise", "DUPONT  durand")
    assert cohort_csv.name_key("Анна", "Иванова") != cohort_csv.name_key("Мария", "Иванова")


def test_the_writer_writes_the_header_then_one_line_per_person():
    lines = list(cohort_csv.write([{"external_id": "A1", "qpv": True, "birth_date": datetime.date(1990, 1, 2)}]))
    assert lines[0].startswith("external_id,first_name,") and lines[0].endswith("\r\n")
    assert lines[1].startswith("A1,,,,,1990-01-02,") and ",yes," in lines[1]


def test_the_writer_neutralises_spreadsheet_formulas_but_keeps_phone_numbers():
    [_header, line] = cohort_csv.write([{"external_id": "=HYPERLINK(1)", "phone": "+33 6 12 34 56 78"}])
    assert line.startswith("'=HYPERLINK(1),") and ",+33 6 12 34 56 78," in line


def test_what_the_writer_writes_the_reader_reads_back():
    record = {**row(1), "qpv": True, "zrr": False, "single_parent": None, "status": "invited"}
    text = "".join(cohort_csv.write([record]))
    parsed = cohort_csv.parse(text, historical=False, today=TODAY)
    assert parsed.errors == [] and parsed.rows[0].qpv is True and parsed.rows[0].single_parent is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_report_never_an_exception(text):
    parsed = cohort_csv.parse(text, historical=True, today=TODAY)
    assert all(isinstance(error, cohort_csv.RowError) for error in parsed.errors)


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(cohort_csv.COLUMNS), cells))
def test_hostile_cell_values_are_reported_not_raised(values):
    parsed = parse([row(1, **values)], historical=True)
    assert len(parsed.rows) + len({e.line for e in parsed.blocking}) >= 1


def test_utf8_with_or_without_bom_and_windows_1252_are_read_and_named():
    assert cohort_csv.decode("é".encode("cp1252")) == "é"
    assert cohort_csv.detect_encoding("é".encode("cp1252")) == cohort_csv.WINDOWS_1252
    assert cohort_csv.decode("\ufeffexternal_id".encode()) == "external_id"
    assert cohort_csv.detect_encoding("\ufeffé".encode()) == cohort_csv.UTF8_BOM
    assert cohort_csv.detect_encoding("é".encode()) == cohort_csv.UTF8


def test_bytes_that_no_encoding_reads_are_reported():
    assert cohort_csv.decode(b"abc\x81def").code == "encoding"
    assert cohort_csv.decode(b"\xe9\x00").code == "encoding"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_separator_is_the_one_that_splits_the_header_into_known_columns(delimiter):
    assert cohort_csv.detect_delimiter(delimiter.join(cohort_csv.REQUIRED_COLUMNS) + "\nx") == delimiter


def test_a_comma_inside_a_semicolon_file_does_not_fool_the_detection():
    assert cohort_csv.detect_delimiter('external_id;first_name;last_name;email\nP1;"Dupont, Jean";x;y') == ";"


def test_the_templates_example_line_is_valid_but_refused_as_the_example():
    text = "".join(cohort_csv.write([cohort_csv.EXAMPLE_ROW]))
    parsed = cohort_csv.parse(text, historical=False, today=datetime.date(2026, 1, 1))
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [(2, "external_id", "example_row")]
