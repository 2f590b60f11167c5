"""Find and read the official files of places and hiring demand, in their publishers' layouts. No Django import.

Files are recognised by their header row, whatever their name, in the folder given (searched recursively):

- France Travail's BMO open-data workbook (`Base_open_data_BMO_<year>.xlsx`, sheet `BMO_<year>_open_data`), or the
  same table saved as CSV (comma or semicolon, UTF-8, `.csv.gz` accepted): columns `Code métier BMO`, `REG`,
  `NOM_REG`, `Dept`, `NomDept`, `BE<yy>`, `NOMBE<yy>` (the bassin columns are named after the year), `met`, `xmet`,
  `smet`, and `annee` when present.
- DARES's crosswalk from ROME and qualification level to FAP 2021: `ROME;Intitule_ROME;Qualif;FAP341;Intitule_FAP341`,
  Windows-1252 (UTF-8 accepted), semicolon-separated.
- The FAP 2021 labels at every level: `Code_FAP341;Intitulé_FAP341;Code_FAP228;…;Intitulé_FAP22`, as CSV or as DARES's
  arborescence workbook (its sheet with the same columns).
- Geography: La Poste's postcodes (`Code_commune_INSEE,Nom_de_la_commune,Code_postal`), one point per commune
  (`Code_Officiel_Commune;latitude;longitude`), commune → BMO bassin (`reg,dep,code_commune_insee,code_bassin_BMO,
  lib_bassin_BMO`) and INSEE's zonage en zones d'emploi 2020 (`codgeo,libgeo,ze2020,libze2020,dep,reg`).

Only the columns the platform uses are required; others are ignored, so the official files and the compact copies
under data/ are read by the same code. Every problem raises SourceError naming the file, the line and the reason.
"""

import csv
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openbilan.referential.sources import BadValue, SourceError, gettext_noop
from openbilan.referential.sources import _read_bytes as read_bytes  # one reader of plain and gzipped files
from openbilan.territory.figures import Count, parse_cell

BMO = "bmo"
CROSSWALK = "crosswalk"
FAP_LABELS = "fap_labels"
GEO_POSTCODES = "geo_postcodes"
GEO_POINTS = "geo_points"
GEO_BASSINS = "geo_bassins"
GEO_ZONES = "geo_zones"
LABOUR_ROLES = (BMO, CROSSWALK, FAP_LABELS)
GEO_ROLES = (GEO_POSTCODES, GEO_POINTS, GEO_BASSINS, GEO_ZONES)

BMO_CODE_COLUMN = "Code métier BMO"
BASSIN_COLUMN = re.compile(r"^BE(\d{2})$")
FAP_LEVELS = (341, 228, 86, 22)
# The header columns that tell what a file is (all must be present).
SIGNATURES = {
    CROSSWALK: {"ROME", "Qualif", "FAP341"},
    FAP_LABELS: {"Code_FAP341", "Code_FAP228", "Code_FAP86", "Code_FAP22"},
    GEO_POSTCODES: {"Code_commune_INSEE", "Code_postal"},
    GEO_POINTS: {"Code_Officiel_Commune", "latitude", "longitude"},
    GEO_BASSINS: {"code_commune_insee", "code_bassin_BMO"},
    GEO_ZONES: {"codgeo", "ze2020"},
}
TEXT_SUFFIXES = (".csv", ".csv.gz", ".txt", ".txt.gz")
WORKBOOK_SUFFIX = ".xlsx"


# --- value parsers: each returns the clean value or raises BadValue with a French msgid -------------------------------


def text(value: str) -> str:
    return " ".join(value.split())


def required_text(value: str) -> str:
    value = text(value)
    if not value:
        raise BadValue(gettext_noop("valeur vide"))
    return value


def _code(value: str, pattern: re.Pattern, message: str) -> str:
    value = value.strip()
    if not pattern.match(value):
        raise BadValue(message, value=value[:40])
    return value


INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"^\d{5}$")
ROME = re.compile(r"^[A-N]\d{4}$")
FAP_FAMILY = re.compile(r"^[A-Z][0-9A-Z][A-Z]\d{2}$")
FAP_DETAILED = re.compile(r"^[A-Z][0-9A-Z][A-Z]\d{2}[a-z]?$")
AREA = re.compile(r"^[0-9AB]{1,4}$")


def insee_code(value: str) -> str:
    value = value.strip()
    if len(value) == 4 and value.isdigit():  # INSEE's own tables drop the leading zero of départements 01 to 09
        value = "0" + value
    return _code(value, INSEE, gettext_noop("« %(value)s » n'est pas un code commune INSEE"))


def postcode(value: str) -> str:
    return _code(value, POSTCODE, gettext_noop("« %(value)s » n'est pas un code postal"))


def rome_code(value: str) -> str:
    return _code(value, ROME, gettext_noop("« %(value)s » n'est pas un code ROME"))


def fap_family(value: str) -> str:
    return _code(value, FAP_FAMILY, gettext_noop("« %(value)s » n'est pas un code de famille professionnelle"))


def fap_detailed(value: str) -> str:
    return _code(value, FAP_DETAILED, gettext_noop("« %(value)s » n'est pas un code FAP"))


def padded(width: int) -> Callable[[str], str]:
    """An area code (région, département, zone d'emploi, bassin) whose leading zeros a spreadsheet may have dropped."""

    def parse(value: str) -> str:
        value = _code(value, AREA, gettext_noop("« %(value)s » n'est pas un code de territoire"))
        return value.zfill(width) if value.isdigit() else value

    return parse


def qualification(value: str) -> int:
    value = value.strip()
    if len(value) != 1 or not value.isdigit():
        raise BadValue(gettext_noop("« %(value)s » n'est pas un niveau de qualification (0 à 9)"), value=value[:40])
    return int(value)


def coordinate(limit: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise BadValue(gettext_noop("« %(value)s » n'est pas un nombre"), value=value[:40]) from None
        if not -limit <= number <= limit:
            raise BadValue(gettext_noop("« %(value)s » n'est pas une coordonnée valable"), value=value[:40])
        return number

    return parse


def figure(value: str) -> Count:
    try:
        return parse_cell(value)
    except ValueError:
        raise BadValue(
            gettext_noop("« %(value)s » n'est ni un nombre entier ni « * » (secret statistique)"), value=value[:40]
        ) from None


# --- discovery ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    """One recognised file: its role, where it is, and how to read it."""

    role: str
    path: Path
    name: str  # relative to the folder, as messages show it
    sheet: str = ""  # the workbook sheet holding the table
    year: int | None = None  # a BMO survey's year (from its bassin column BE<yy>)
    delimiter: str = ","

    @property
    def key(self) -> str:
        """What the file is, for the checksum ledger: one key per BMO year, one for each other role."""
        return f"{BMO}:{self.year}" if self.role == BMO else self.role

    def checksum(self, salt: str = "") -> str:
        digest = hashlib.sha256(salt.encode() + b"\0")
        digest.update(read_bytes(self.name, self.path))
        return digest.hexdigest()


def text_encoding(raw: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else Windows-1252 (DARES publishes its crosswalk in it)."""
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _delimiter(line: str) -> str:
    return max((";", ",", "\t"), key=line.count)


def _header_role(header: list[str]) -> tuple[str | None, int | None]:
    columns = {column.strip() for column in header}
    if BMO_CODE_COLUMN in columns:
        years = [int(m[1]) for column in columns if (m := BASSIN_COLUMN.match(column))]
        return BMO, (2000 + years[0] if len(years) == 1 else None)
    for role, signature in SIGNATURES.items():
        if signature <= columns:
            return role, None
    return None, None


def _first_line(path: Path) -> str:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.readline(2000)
    except (OSError, EOFError, zlib.error):
        return ""
    return raw.decode(text_encoding(raw), errors="replace").strip("\r\n")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook_tables(path: Path, name: str) -> list[tuple[str, list[str]]]:
    """(sheet title, header row) of every sheet of a workbook."""
    import openpyxl  # only needed for workbooks

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        raise SourceError(
            name, None, gettext_noop("classeur illisible (%(error)s)"), error=str(error)[:200] or type(error).__name__
        ) from None
    try:
        found = []
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            found.append((sheet.title, [_cell_text(v).strip() for v in first]))
        return found
    finally:
        book.close()


def locate(root: Path, roles: tuple[str, ...]) -> list[Located]:
    """Every file under `root` playing one of `roles`. Two files for the same role (or BMO year) are an error."""
    root = Path(root)
    if not root.is_dir():
        raise SourceError(str(root), None, gettext_noop("ce dossier n'existe pas"))
    found: list[Located] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        lower = path.name.lower()
        if lower.endswith(WORKBOOK_SUFFIX) and not path.name.startswith("~$"):
            for sheet, header in _workbook_tables(path, name):
                role, year = _header_role(header)
                if role in roles:
                    found.append(Located(role, path, name, sheet=sheet, year=year))
                    break
        elif lower.endswith(TEXT_SUFFIXES):
            line = _first_line(path)
            delimiter = _delimiter(line)
            role, year = _header_role(next(csv.reader([line], delimiter=delimiter), []))
            if role in roles:
                found.append(Located(role, path, name, year=year, delimiter=delimiter))
    labels = [item for item in found if item.role == FAP_LABELS]
    if len(labels) > 1 and sum(1 for item in labels if item.sheet) == 1:
        # DARES's own arborescence workbook is preferred to another copy of the same labels.
        found = [item for item in found if item.role != FAP_LABELS or item.sheet]
    keys: dict[str, list[str]] = {}
    for item in found:
        if item.role == BMO and item.year is None:
            raise SourceError(
                item.name,
                1,
                gettext_noop("il faut une et une seule colonne de bassin nommée d'après l'année (BE24, BE25…)"),
            )
        keys.setdefault(item.key, []).append(item.name)
    for key, names in keys.items():
        if len(names) > 1:
            raise SourceError(
                str(root),
                None,
                gettext_noop("plusieurs fichiers pour « %(key)s » : %(names)s"),
                key=key,
                names=", ".join(names),
            )
    return found


# --- tables ---------------------------------------------------------------------------------------------------------


def _text_rows(located: Located) -> Iterator[tuple[int, list[str]]]:
    raw = read_bytes(located.name, located.path)
    content = raw.decode(text_encoding(raw))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=located.delimiter, strict=True)
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as error:
        raise SourceError(
            located.name, reader.line_num, gettext_noop("CSV invalide (%(error)s)"), error=str(error)
        ) from None


def _sheet_rows(located: Located) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(located.path, read_only=True, data_only=True)
    except Exception as error:
        raise SourceError(
            located.name, None, gettext_noop("classeur illisible (%(error)s)"), error=str(error)[:200]
        ) from None
    try:
        for number, values in enumerate(book[located.sheet].iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    except Exception as error:
        raise SourceError(
            located.name, None, gettext_noop("classeur illisible (%(error)s)"), error=str(error)[:200]
        ) from None
    finally:
        book.close()


def raw_rows(located: Located) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells as text) of the file's table, header first, from a CSV or a workbook sheet."""
    return _sheet_rows(located) if located.sheet else _text_rows(located)


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, object]

    def __getitem__(self, column: str):
        return self.values[column]


def rows(located: Located, columns: dict[str, Callable[[str], object]]) -> Iterator[Row]:
    """The file's rows, each with `columns` parsed. The header must hold every column; a text row must have as many
    fields as the header (a shorter one was cut); blank rows are skipped."""
    name = located.name
    source = raw_rows(located)
    header = None
    for line, fields in source:
        if header is None:
            header = [field.strip().lstrip("\ufeff") for field in fields]
            missing = [column for column in columns if column not in header]
            if missing:
                raise SourceError(
                    name, line, gettext_noop("colonnes absentes de l'en-tête : %(columns)s"), columns=", ".join(missing)
                )
            positions = {column: header.index(column) for column in columns}
            continue
        if not any(field.strip() for field in fields):
            continue
        if located.sheet:
            fields = fields + [""] * (len(header) - len(fields))
        elif len(fields) != len(header):
            raise SourceError(
                name,
                line,
                gettext_noop("champs attendus : %(expected)d, trouvés : %(found)d (ligne tronquée ?)"),
                expected=len(header),
                found=len(fields),
            )
        values = {}
        for column, parser in columns.items():
            try:
                values[column] = parser(fields[positions[column]])
            except BadValue as error:
                raise SourceError(
                    name, line, gettext_noop("colonne « %(column)s » : %(detail)s"), column=column, detail=error.message
                ) from None
        yield Row(line, values)
    if header is None:
        raise SourceError(name, 1, gettext_noop("le fichier est vide"))


# --- the files ------------------------------------------------------------------------------------------------------


def bmo_columns(year: int) -> dict[str, Callable[[str], object]]:
    suffix = f"{year % 100:02d}"
    return {
        BMO_CODE_COLUMN: fap_family,  # checked against FAP 2021 with the whole file (dataset.py)
        "REG": padded(2),
        "NOM_REG": required_text,
        "Dept": padded(2),
        "NomDept": required_text,
        f"BE{suffix}": padded(1),
        f"NOMBE{suffix}": required_text,
        "met": figure,
        "xmet": figure,
        "smet": figure,
    }


@dataclass(frozen=True)
class BmoRow:
    line: int
    family: str
    region: str
    region_name: str
    departement: str
    departement_name: str
    bassin: str
    bassin_name: str
    projects: Count
    difficult: Count
    seasonal: Count


@dataclass(frozen=True)
class BmoFile:
    name: str
    year: int
    rows: list[BmoRow]


def read_bmo(located: Located) -> BmoFile:
    year = located.year
    suffix = f"{year % 100:02d}"
    columns = bmo_columns(year)
    has_year_column = "annee" in _header(located)
    if has_year_column:
        columns["annee"] = text
    found: list[BmoRow] = []
    for row in rows(located, columns):
        if has_year_column and row["annee"] != str(year):
            raise SourceError(
                located.name,
                row.line,
                gettext_noop("colonne « annee » : « %(value)s » au lieu de %(year)d (colonne BE%(suffix)s)"),
                value=row["annee"][:20],
                year=year,
                suffix=suffix,
            )
        projects, difficult, seasonal = row["met"], row["xmet"], row["smet"]
        for column, part in (("xmet", difficult), ("smet", seasonal)):
            if part.value is not None and projects.value is not None and part.value > projects.value:
                raise SourceError(
                    located.name,
                    row.line,
                    gettext_noop("colonne « %(column)s » : %(part)d dépasse le nombre de projets (%(projects)d)"),
                    column=column,
                    part=part.value,
                    projects=projects.value,
                )
        found.append(
            BmoRow(
                line=row.line,
                family=row[BMO_CODE_COLUMN],
                region=row["REG"],
                region_name=row["NOM_REG"],
                departement=row["Dept"],
                departement_name=row["NomDept"],
                bassin=row[f"BE{suffix}"],
                bassin_name=row[f"NOMBE{suffix}"],
                projects=projects,
                difficult=difficult,
                seasonal=seasonal,
            )
        )
    return BmoFile(located.name, year, found)


def _header(located: Located) -> list[str]:
    for _line, fields in raw_rows(located):
        return [field.strip().lstrip("\ufeff") for field in fields]
    return []


@dataclass(frozen=True)
class CrosswalkRow:
    line: int
    rome: str
    qualification: int
    fap: str


def read_crosswalk(located: Located) -> list[CrosswalkRow]:
    columns = {"ROME": rome_code, "Qualif": qualification, "FAP341": fap_detailed}
    return [CrosswalkRow(row.line, row["ROME"], row["Qualif"], row["FAP341"]) for row in rows(located, columns)]


@dataclass(frozen=True)
class FapRow:
    line: int
    codes: tuple[str, str, str, str]  # FAP341, FAP228, FAP86, FAP22
    labels: tuple[str, str, str, str]


def read_fap_labels(located: Located) -> list[FapRow]:
    columns = {}
    for level in FAP_LEVELS:
        columns[f"Code_FAP{level}"] = required_text
        columns[f"Intitulé_FAP{level}"] = required_text
    return [
        FapRow(
            row.line,
            tuple(row[f"Code_FAP{level}"] for level in FAP_LEVELS),
            tuple(row[f"Intitulé_FAP{level}"] for level in FAP_LEVELS),
        )
        for row in rows(located, columns)
    ]


GEO_COLUMNS = {
    GEO_POSTCODES: {"Code_commune_INSEE": insee_code, "Nom_de_la_commune": required_text, "Code_postal": postcode},
    GEO_POINTS: {"Code_Officiel_Commune": insee_code, "latitude": coordinate(90), "longitude": coordinate(180)},
    GEO_BASSINS: {
        "reg": padded(2),
        "code_commune_insee": insee_code,
        "code_bassin_BMO": padded(1),
        "lib_bassin_BMO": required_text,
    },
    GEO_ZONES: {
        "codgeo": insee_code,
        "libgeo": required_text,
        "ze2020": padded(4),
        "libze2020": required_text,
        "dep": padded(2),
        "reg": padded(2),
    },
}


def read_geo(located: Located) -> list[Row]:
    return list(rows(located, GEO_COLUMNS[located.role]))
