"""The programme report as files for spreadsheets and data tools: a ZIP of one CSV file per table (with a README and
the tidy long file), the tidy long CSV, and the XLSX workbook. A publication gives the same bytes at every download:
the files carry the publication's date, never the day's."""

import datetime
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from openbilan.csvfile import BOM, FORMULA_STARTS
from openbilan.csvfile import writer as csv_writer
from openbilan.www.reporting import labels, tables
from openbilan.www.reporting.documents import occupation_names


def _stamp(report: dict) -> tuple:
    """The date written in the files' metadata: the publication's, so that every download is the same bytes."""
    day = datetime.date.fromisoformat(report["as_of"])
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def _zip(entries: list[tuple[str, bytes]], stamp: tuple) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _table_rows(table: tables.Table, minimum: int) -> list[list]:
    header = [column.label for column in table.columns] + [_("Remarque")]
    rows = [header]
    for row in table.rows:
        notes = []
        for column, cell in zip(table.columns[1:], row.cells, strict=True):
            if cell.status in (tables.SMALL, tables.SECONDARY):
                label = column.label if column.label != "%" else _("part")
                notes.append(f"{label} : {tables.status_note(cell.status, minimum)}")
        rows.append([row.label, *(cell.value for cell in row.cells), " ; ".join(notes)])
    return rows


def _csv_text(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer, french=True)
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def tidy_csv(report: dict) -> bytes:
    """One long table for data tools: programme, publication date, table, row, measure, value, status (codes)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, french=True)
    writer.writerow(["programme", "publication", "table", "row", "measure", "value", "status"])
    for table in tables.all_tables(report):
        for row in table.rows:
            for column, cell in zip(table.columns[1:], row.cells, strict=True):
                writer.writerow(
                    [report["programme"], report["as_of"], table.code, row.code, column.code, cell.value, cell.status]
                )
    return (BOM + buffer.getvalue()).encode("utf-8")


def aggregates_zip(report: dict) -> bytes:
    """One CSV file per table (French spreadsheet convention: `;`, decimal comma, UTF-8 with BOM), a README, and
    the tidy long file."""
    minimum = report["minimum_cell"]
    entries = []
    for number, table in enumerate(tables.all_tables(report, occupation_names(report)), start=1):
        rows = (
            [[table.title], *_table_rows(table, minimum)] if not table.withheld else [[table.title], [table.withheld]]
        )
        entries.append((f"{number:02d}-{table.code}.csv", _csv_text(rows)))
    entries.append(("donnees-longues.csv", tidy_csv(report)))
    readme = _(
        "Chiffres du programme %(name)s au %(day)s. Un fichier par tableau, au format des tableurs français "
        "(point-virgule, virgule décimale). « %(small)s » : moins de %(minimum)s personnes. Une case vide est "
        "masquée : sa raison est dans la colonne Remarque (« %(secondary)s » : masquée pour qu'une petite case ne "
        "puisse pas être retrouvée par calcul)."
    ) % {
        "name": report["programme_name"],
        "day": report["as_of"],
        "small": str(labels.SMALL) % {"minimum": minimum},
        "minimum": minimum,
        "secondary": labels.SECONDARY_LONG,
    }
    entries.insert(0, ("LISEZMOI.txt", (BOM + readme + "\r\n").encode("utf-8")))
    return _zip(entries, _stamp(report))


def _append_row(sheet, row: list) -> None:
    """Append a row through openpyxl, every text as a text cell: openpyxl reads a text starting with "=" as a
    formula (an organisation named `=HYPERLINK(...)` would become a live link in the funder's file) and refuses the
    control characters XML cannot hold. A text that a spreadsheet would take for a formula is written as text with
    Excel's own "quote prefix", as the CSV exports neutralise it (openbilan/csvfile.py)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = TYPE_STRING
            cell.quotePrefix = True


def aggregates_xlsx(report: dict) -> bytes:
    """One sheet per table (openpyxl): numbers as number cells, a withheld cell empty with its reason in the
    Remarque column, texts never read as formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    minimum = report["minimum_cell"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    stamp = datetime.datetime(*_stamp(report))
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = settings.OPENBILAN_SITE_NAME
    workbook.properties.title = str(report["programme_name"])
    taken = set()
    for number, table in enumerate(tables.all_tables(report, occupation_names(report)), start=1):
        name = f"{number:02d} {table.code}"[:31]
        while name in taken:
            name = name[:29] + f"{len(taken):02d}"
        taken.add(name)
        sheet = workbook.create_sheet(name)
        _append_row(sheet, [table.title])
        sheet["A1"].font = Font(bold=True)
        if table.withheld:
            _append_row(sheet, [table.withheld])
            continue
        for index, row in enumerate(_table_rows(table, minimum)):
            _append_row(sheet, row)
            if index == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for column, spec in enumerate(table.columns, start=1):
            if spec.percent:
                for cells in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
                    cells[0].number_format = "0.0"
        sheet.column_dimensions["A"].width = 48
        sheet.freeze_panes = "B3"
    if not workbook.sheetnames:
        sheet = workbook.create_sheet(_("Programme"))
        _append_row(sheet, [str(report["programme_name"])])
        _append_row(
            sheet, [_("Moins de %(minimum)s personnes inscrites : aucun chiffre publié.") % {"minimum": minimum}]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the zip entries and the "modified" property with the time of writing: both get the
    # publication's date, so that two downloads are the same bytes.
    modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    entries = [
        (name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + modified + rb"\g<2>", content))
        if name == "docProps/core.xml"
        else (name, content)
        for name, content in entries
    ]
    return _zip(entries, _stamp(report))
