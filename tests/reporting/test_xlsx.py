"""The XLSX writer, checked by reading the file back as a zip of XML parts (an independent reader)."""

import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from openbilan.reporting.xlsx import column_name, sheet_name, write_workbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def read_back(data: bytes) -> dict[str, list[list]]:
    """sheet name -> rows of values, following the workbook's relationships like a spreadsheet does."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    overrides = {o.get("PartName") for o in types}
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    result = {}
    for sheet in workbook.find("m:sheets", NS):
        target = "xl/" + targets[sheet.get(f"{REL_NS}id")]
        assert "/" + target in overrides
        root = ElementTree.fromstring(archive.read(target))
        rows = []
        for row in root.find("m:sheetData", NS):
            values = {}
            for cell in row:
                reference = cell.get("r")
                column = "".join(ch for ch in reference if ch.isalpha())
                if cell.get("t") == "inlineStr":
                    values[column] = cell.find("m:is/m:t", NS).text or ""
                else:
                    values[column] = float(cell.find("m:v", NS).text)
            width = max((_index(c) for c in values), default=-1) + 1
            rows.append([values.get(column_name(i)) for i in range(width)])
        result[sheet.get("name")] = rows
    return result


def _index(column: str) -> int:
    n = 0
    for ch in column:
        n = n * 26 + ord(ch) - 64
    return n - 1


def test_columns_are_named_like_a_spreadsheet():
    assert [column_name(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_workbook_reads_back_with_its_sheets_texts_and_numbers():
    data = write_workbook(
        [
            (
                "Synthèse",
                [["Indicateur", "Effectif", "%"], ["Terminé", 63, Decimal("63.0")], ["Arrêté", "< 11", "< 11"]],
            ),
            ("Par segment", [["a"], [1.5]]),
        ]
    )
    sheets = read_back(data)
    assert list(sheets) == ["Synthèse", "Par segment"]
    assert sheets["Synthèse"] == [["Indicateur", "Effectif", "%"], ["Terminé", 63.0, 63.0], ["Arrêté", "< 11", "< 11"]]
    assert sheets["Par segment"] == [["a"], [1.5]]


def test_empty_cells_are_left_out_and_columns_keep_their_place():
    sheets = read_back(write_workbook([("S", [["a", None, "c"]])]))
    assert sheets["S"] == [["a", None, "c"]]


def test_sheet_names_are_made_valid_and_unique():
    taken = set()
    assert sheet_name("Statuts/segments: [2021]?", taken) == "Statuts segments   2021"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("x" * 40, taken) == "x" * 27 + " (2)"


def test_the_same_data_gives_the_same_bytes():
    sheets = [("S", [["a", 1]])]
    assert write_workbook(sheets) == write_workbook(sheets)


PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(st.lists(st.lists(PRINTABLE | st.integers(-(10**9), 10**9), min_size=1, max_size=5), min_size=1, max_size=6))
def test_any_printable_text_and_number_survives_the_round_trip(rows):
    sheets = read_back(write_workbook([("S", rows)]))
    for got, want in zip(sheets["S"], rows, strict=True):
        expected = [None if value == "" else float(value) if isinstance(value, int) else value for value in want]
        while expected and expected[-1] is None:
            expected.pop()
        assert got == expected


def test_control_characters_are_dropped_and_the_file_stays_valid_xml():
    sheets = read_back(write_workbook([("S", [["a\x00b\x1fc", "<&>\"'"]])]))
    assert sheets["S"] == [["abc", "<&>\"'"]]
