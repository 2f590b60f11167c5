"""A minimal Office Open XML (.xlsx) writer: sheets of text and numbers, nothing else (pure Python, no Django).

Enough for the funder's aggregate exports, with no dependency: a zip of the few XML parts a spreadsheet needs
(ECMA-376 part 1, SpreadsheetML). Text goes in inline strings, numbers in plain cells, the first row in bold.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_SHEET_NAME = 31
FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 forbids most control characters, even escaped: they are dropped from text cells.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # the same bytes for the same data: zip entries carry a fixed date

Value = str | int | float | Decimal | None


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, not empty."""
    base = FORBIDDEN_IN_SHEET_NAME.sub(" ", name).strip().strip("'")[:MAX_SHEET_NAME] or "Feuille"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _cell(reference: str, value: Value, style: int) -> str:
    style_attribute = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float | Decimal) and not (isinstance(value, float) and value != value):
        return f'<c r="{reference}"{style_attribute}><v>{value}</v></c>'
    if isinstance(value, datetime.date):
        value = value.isoformat()
    text = escape(CONTROL.sub("", str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{reference}"{style_attribute} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _sheet(rows: Sequence[Sequence[Value]]) -> str:
    lines = []
    for row_number, row in enumerate(rows, start=1):
        style = 1 if row_number == 1 else 0
        cells = "".join(_cell(f"{column_name(i)}{row_number}", value, style) for i, value in enumerate(row))
        lines.append(f'<row r="{row_number}">{cells}</row>')
    widths = ""
    n_columns = max((len(row) for row in rows), default=0)
    if n_columns:
        sizes = [10] * n_columns
        for row in rows:
            for i, value in enumerate(row):
                sizes[i] = min(60, max(sizes[i], len(str(value if value is not None else "")) + 2))
        widths = (
            "<cols>"
            + "".join(
                f'<col min="{i}" max="{i}" width="{size}" customWidth="1"/>' for i, size in enumerate(sizes, start=1)
            )
            + "</cols>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
        f"{widths}<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def write_workbook(sheets: Iterable[tuple[str, Sequence[Sequence[Value]]]]) -> bytes:
    """The .xlsx file for `sheets`, each (name, rows); the first row of each sheet is its header."""
    taken: set[str] = set()
    sheets = [(sheet_name(name, taken), rows) for name, rows in sheets]
    if not sheets:
        sheets = [("Feuille", [])]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        + "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _rows) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        + "</Relationships>"
    )
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", STYLES),
        *((f"xl/worksheets/sheet{i}.xml", _sheet(rows)) for i, (_name, rows) in enumerate(sheets, start=1)),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
