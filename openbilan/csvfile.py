"""One CSV writer for every CSV the platform produces, safe to open in a spreadsheet.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel and
LibreOffice (CSV injection): an organisation named `=HYPERLINK(...)` would become a live link in a funder's file.
Such a text is written with a leading apostrophe, which spreadsheets show as plain text. Numbers are numbers, never
neutralised, and are written with a decimal comma in the French convention. Pure Python: no Django import.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text as a spreadsheet will show it, never as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Writer:
    """`csv.writer` with safe text cells; `french=True` writes `;`, decimal commas (and the caller writes a BOM)."""

    def __init__(self, stream: TextIO, *, french: bool = False):
        self.french = french
        self._writer = csv.writer(stream, delimiter=";" if french else ",", lineterminator="\r\n")

    def cell(self, value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float | Decimal):
            return str(value).replace(".", ",") if self.french else value
        return neutralise(str(value))

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([self.cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


BOM = "\ufeff"


def writer(stream: TextIO, *, french: bool = False) -> Writer:
    return Writer(stream, french=french)
