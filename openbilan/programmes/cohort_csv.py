"""The cohort interchange CSV: reading and checking a file, writing one (pure Python, no Django import).

The format is documented in docs/COHORT_CSV.md. Reading never raises on bad data: every problem becomes a RowError
(line, column, value, code); the services turn the codes into translated sentences. Line 1 is the header, so the
first person is on line 2, as a spreadsheet shows it.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from openbilan import csvfile
from openbilan.referential import levels

COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "postcode",
    "gender",
    "prescriber_name",
    "prescriber_kind",
    "referred_on",
    "qualification_level",
    "qpv",
    "zrr",
    "single_parent",
    "social_minima",
    "job_seeker_since",
    "status",
    "status_on",
    "drop_reason",
    "outcome",
    "outcome_on",
    "outcome_rome_code",
)
REQUIRED_COLUMNS = ("external_id", "first_name", "last_name", "email")
PRESCRIBER_KINDS = ("france_travail", "mission_locale", "apec", "cap_emploi", "other")
QUALIFICATION_LEVELS = levels.CODES
YES_NO = {"yes": True, "no": False, "": None}
GENDERS = ("female", "male", "other")
SOCIAL_MINIMA = ("none", "rsa", "ass", "aah", "other")
STATUSES = ("invited", "active", "paused", "completed", "dropped")
DROP_REASONS = ("personal", "health", "found_job", "moved", "unreachable", "other")
OUTCOMES = (
    "employed_durable",
    "employed_transition",
    "training",
    "business_creation",
    "job_seeking",
    "validating_project",
    "other",
)
MAX_LENGTHS = {
    "external_id": 64,
    "first_name": 150,
    "last_name": 150,
    "email": 254,
    "phone": 20,
    "prescriber_name": 200,
}
MAX_ROWS = 100_000
# The template's example line (issue 19): it shows each column filled in; imported as it is, it is refused, so that
# nobody invites "Camille Exemple" by mistake (its address is also on a domain that cannot receive mail).
EXAMPLE_ROW = {
    "external_id": "EXEMPLE-A-SUPPRIMER",
    "first_name": "Camille",
    "last_name": "Exemple",
    "email": "camille.exemple@exemple.invalid",
    "phone": "06 12 34 56 78",
    "birth_date": "1990-04-12",
    "postcode": "14000",
    "prescriber_name": "France Travail Caen",
    "prescriber_kind": "france_travail",
    "referred_on": "2025-01-15",
    "qualification_level": "4",
    "qpv": "no",
    "zrr": "no",
    "single_parent": "yes",
    "social_minima": "rsa",
    "job_seeker_since": "2024-09-01",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+$")
PHONE = re.compile(r"^\+?[0-9 .()-]{6,20}$")
POSTCODE = re.compile(r"^\d{5}$")
ROME_CODE = re.compile(r"^[A-N]\d{4}$")
MIN_AGE, MAX_AGE = 15, 99


@dataclass(frozen=True)
class RowError:
    """One problem: where it is (line 0 means the whole file), the value found, and a code the services translate.
    `warning` problems (possible homonyms) do not block the import once a person has confirmed them."""

    line: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)
    warning: bool = False


@dataclass
class CohortRow:
    line: int
    external_id: str
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    birth_date: datetime.date | None = None
    postcode: str = ""
    gender: str = ""
    prescriber_name: str = ""
    prescriber_kind: str = ""
    referred_on: datetime.date | None = None
    qualification_level: str = ""
    qpv: bool | None = None
    zrr: bool | None = None
    single_parent: bool | None = None
    social_minima: str = ""
    job_seeker_since: datetime.date | None = None
    status: str = "invited"
    status_on: datetime.date | None = None
    drop_reason: str = ""
    outcome: str = ""
    outcome_on: datetime.date | None = None
    outcome_rome_code: str = ""


@dataclass
class ParsedFile:
    rows: list[CohortRow]
    errors: list[RowError]
    delimiter: str = ","

    @property
    def blocking(self) -> list[RowError]:
        return [error for error in self.errors if not error.warning]

    @property
    def warnings(self) -> list[RowError]:
        return [error for error in self.errors if error.warning]


UTF8_BOM, UTF8, WINDOWS_1252 = "utf-8-bom", "utf-8", "windows-1252"
DELIMITERS = (",", ";", "\t")
# Bytes that Windows-1252 leaves undefined: a file holding one is neither UTF-8 nor a French spreadsheet's export.
_UNDEFINED_1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


def detect_encoding(data: bytes) -> str | RowError:
    """How the file is encoded: UTF-8 with a byte-order mark, UTF-8, or else Windows-1252 (what Excel writes for
    "CSV (séparateur : point-virgule)" on a French Windows); or why it cannot be read."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return RowError(0, "", "", "encoding", {"position": error.start})
        return UTF8_BOM
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        undefined = next((i for i, byte in enumerate(data) if byte in _UNDEFINED_1252), None)
        if undefined is not None or b"\x00" in data:
            return RowError(0, "", "", "encoding", {"position": error.start if undefined is None else undefined})
        return WINDOWS_1252
    return UTF8


def decode(data: bytes) -> str | RowError:
    """The file's text (UTF-8 with or without a byte-order mark, or Windows-1252), or why it cannot be read."""
    encoding = detect_encoding(data)
    if isinstance(encoding, RowError):
        return encoding
    return data.decode({UTF8_BOM: "utf-8-sig", UTF8: "utf-8", WINDOWS_1252: "cp1252"}[encoding])


def detect_delimiter(text: str) -> str:
    """The separator of the header line: the one that splits it into the most known column names (`,` on a tie),
    so that a file saved by a French spreadsheet (`;`) is read as it is."""
    first = text.split("\n", 1)[0]

    def known(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            return (0, 0)
        names = [cell.strip().lower() for cell in cells]
        return (sum(name in COLUMNS for name in names), len(names))

    return max(DELIMITERS, key=lambda d: (known(d), d == ","))


def name_key(first_name: str, last_name: str) -> str:
    """Names compared without case, accents, hyphens or extra spaces ("Éloïse  Dupont-Durand" = "eloise dupont
    durand"), for duplicate detection."""
    text = unicodedata.normalize("NFKD", f"{first_name} {last_name}")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


class _Row:
    """Checks the cells of one line, collecting every error rather than stopping at the first."""

    def __init__(self, line: int, cells: dict[str, str], today: datetime.date):
        self.line, self.cells, self.today = line, cells, today
        self.errors: list[RowError] = []

    def error(self, column: str, code: str, **params) -> None:
        self.errors.append(RowError(self.line, column, self.cells.get(column, ""), code, params))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.error(column, "required")
        elif column in MAX_LENGTHS and len(value) > MAX_LENGTHS[column]:
            self.error(column, "too_long", max=MAX_LENGTHS[column])
            return ""
        return value

    def choice(self, column: str, allowed: tuple[str, ...], *, lower: bool = True) -> str:
        value = self.cells.get(column, "")
        value = value.lower() if lower else value
        if value and value not in allowed:
            self.error(column, "choice", allowed=", ".join(allowed))
            return ""
        return value

    def yes_no(self, column: str) -> bool | None:
        value = self.cells.get(column, "").lower()
        if value not in YES_NO:
            self.error(column, "choice", allowed="yes, no")
            return None
        return YES_NO[value]

    def date(self, column: str) -> datetime.date | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        try:
            if not DATE.match(value):
                raise ValueError(value)
            day = datetime.date.fromisoformat(value)
        except ValueError:
            self.error(column, "date")
            return None
        if day > self.today:
            self.error(column, "future")
            return None
        return day

    def pattern(self, column: str, regex: re.Pattern, code: str, *, upper: bool = False) -> str:
        value = self.cells.get(column, "")
        value = value.upper() if upper else value
        if value and not regex.match(value):
            self.error(column, code)
            return ""
        return value


def _check_row(line: int, cells: dict[str, str], *, historical: bool, today: datetime.date) -> tuple[CohortRow, list]:
    check = _Row(line, cells, today)
    row = CohortRow(
        line=line,
        external_id=check.text("external_id", required=True),
        first_name=check.text("first_name", required=True),
        last_name=check.text("last_name", required=True),
        email=check.text("email", required=True).lower(),
        phone=check.text("phone"),
        birth_date=check.date("birth_date"),
        postcode=check.pattern("postcode", POSTCODE, "postcode"),
        gender=check.choice("gender", GENDERS),
        prescriber_name=check.text("prescriber_name"),
        prescriber_kind=check.choice("prescriber_kind", PRESCRIBER_KINDS),
        referred_on=check.date("referred_on"),
        qualification_level=check.choice("qualification_level", QUALIFICATION_LEVELS),
        qpv=check.yes_no("qpv"),
        zrr=check.yes_no("zrr"),
        single_parent=check.yes_no("single_parent"),
        social_minima=check.choice("social_minima", SOCIAL_MINIMA),
        job_seeker_since=check.date("job_seeker_since"),
        status=check.choice("status", STATUSES) or "invited",
        status_on=check.date("status_on"),
        drop_reason=check.choice("drop_reason", DROP_REASONS),
        outcome=check.choice("outcome", OUTCOMES),
        outcome_on=check.date("outcome_on"),
        outcome_rome_code=check.pattern("outcome_rome_code", ROME_CODE, "rome_code", upper=True),
    )
    if row.external_id == EXAMPLE_ROW["external_id"]:
        check.error("external_id", "example_row")
    if row.email and not EMAIL.match(row.email):
        check.error("email", "email")
    if row.phone and not PHONE.match(row.phone):
        check.error("phone", "phone")
    if row.prescriber_name and not row.prescriber_kind and not cells.get("prescriber_kind"):
        check.error("prescriber_kind", "prescriber_kind_missing")
    if row.prescriber_kind and not row.prescriber_name:
        check.error("prescriber_name", "prescriber_name_missing")
    if row.birth_date is not None:
        age = _age(row.birth_date, row.referred_on or today)
        if not MIN_AGE <= age <= MAX_AGE:
            check.error("birth_date", "age", min=MIN_AGE, max=MAX_AGE)
    dropped = row.status == "dropped"
    if dropped and not row.drop_reason and not cells.get("drop_reason"):
        check.error("drop_reason", "drop_reason_missing")
    if row.drop_reason and not dropped:
        check.error("drop_reason", "drop_reason_not_dropped")
    if row.outcome and row.status != "completed":
        check.error("outcome", "outcome_not_completed")
    if (row.outcome_on or row.outcome_rome_code) and not row.outcome and not cells.get("outcome"):
        check.error("outcome", "outcome_missing")
    if historical:
        if row.status != "invited" and row.status_on is None and not cells.get("status_on"):
            check.error("status_on", "status_on_missing")
        if row.status_on and row.referred_on and row.status_on < row.referred_on:
            check.error("status_on", "before", other="referred_on")
        if row.outcome_on and row.status_on and row.outcome_on < row.status_on:
            check.error("outcome_on", "before", other="status_on")
    return row, check.errors


def _age(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def parse(text: str, *, historical: bool, today: datetime.date, max_rows: int = MAX_ROWS) -> ParsedFile:
    """Read and check a whole file. Rows with errors are left out of `rows`; nothing is imported if `blocking`."""
    errors: list[RowError] = []
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        return ParsedFile([], [RowError(1, "", "", "csv", {"detail": str(error)})], delimiter)
    if header is None or not any(cell.strip() for cell in header):
        return ParsedFile([], [RowError(0, "", "", "empty")], delimiter)
    header = [cell.strip().lower() for cell in header]
    if len(header) == 1 and ";" in header[0]:
        return ParsedFile([], [RowError(1, "", header[0][:80], "delimiter")], delimiter)
    for column in header:
        if column not in COLUMNS:
            errors.append(RowError(1, column, column, "unknown_column"))
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.append(RowError(1, column, "", "missing_column"))
    seen = set()
    for column in header:
        if column in seen:
            errors.append(RowError(1, column, column, "repeated_column"))
        seen.add(column)
    if errors:
        return ParsedFile([], errors, delimiter)

    rows: list[CohortRow] = []
    first_line_of: dict[tuple[str, str], int] = {}
    people: dict[tuple[str, datetime.date], CohortRow] = {}
    count = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > max_rows:
                errors.append(RowError(line, "", "", "too_many_rows", {"max": max_rows}))
                break
            if len(cells) != len(header):
                errors.append(RowError(line, "", "", "row_length", {"found": len(cells), "expected": len(header)}))
                continue
            values = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
            row, row_errors = _check_row(line, values, historical=historical, today=today)
            for column in ("external_id", "email"):
                value = getattr(row, column)
                if not value:
                    continue
                key = (column, value.lower() if column == "email" else value)
                if key in first_line_of:
                    row_errors.append(RowError(line, column, value, "repeated", {"line": first_line_of[key]}))
                else:
                    first_line_of[key] = line
            if row_errors:
                errors.extend(row_errors)
                continue
            if row.birth_date is not None:
                person = (name_key(row.first_name, row.last_name), row.birth_date)
                other = people.get(person)
                if other is not None and other.email != row.email:
                    errors.append(
                        RowError(line, "last_name", row.last_name, "homonym_in_file", {"line": other.line}, True)
                    )
                people.setdefault(person, row)
            rows.append(row)
    except csv.Error as error:
        errors.append(RowError(reader.line_num, "", "", "csv", {"detail": str(error)}))
    if count == 0 and not errors:
        errors.append(RowError(0, "", "", "no_rows"))
    return ParsedFile(rows, errors, delimiter)


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _Writer(csvfile.Writer):
    """The platform's CSV writer (formula cells neutralised), except that a phone number (`+33 6 ...`) stays as it
    is, so that the file imports back: digits and `+ . ( ) -` cannot make a formula call anything."""

    def cell(self, value):
        if isinstance(value, str) and PHONE.match(value):
            return value
        return super().cell(value)


def write(records: Iterable[dict]) -> Iterable[str]:
    """The file, line by line (header first), from dicts keyed by column name; streams for large cohorts."""
    buffer = io.StringIO()
    writer = _Writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield flush()
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in COLUMNS])
        yield flush()
