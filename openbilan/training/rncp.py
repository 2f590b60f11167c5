"""Find and read the France Compétences export of the RNCP and RS, in its official layout. No Django import.

The export is a zip (or the folder it unzips to) of `;`-separated CSV files named
`export_fiches_CSV_<Kind>_<YYYY_MM_DD>.csv`: Standard (title, level, active flag, dates), Rome, Formacode, Nsf,
Certificateurs, Ancienne_Nouvelle_Certification, Blocs_De_Compétences, VoixdAccès, CCN and Partenaires (the last
two are not used). `.csv.gz` is accepted, the accents of the kind may be composed or not. Only the columns the
platform uses are required; every problem raises `SourceError` naming the file, the line and the reason, before
anything is written.
"""

import datetime
import gzip
import hashlib
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from openbilan.referential.sources import BadValue, Row, SourceError, Spec, gettext_noop, parse, required_text, text

CERTIFICATION_CODE = re.compile(r"^(RNCP|RS)(\d{1,6})$")
EXPORT_NAME = re.compile(r"^export_fiches_CSV_(?P<kind>.+)_(?P<date>\d{4}_\d{2}_\d{2})\.csv(\.gz)?$", re.IGNORECASE)

# Folded kind (lower case, accents removed) -> role. The two kinds with an accent are matched by their start, so that
# a zip whose names were stored in another encoding is still read.
KINDS = {
    "standard": "standard",
    "rome": "rome",
    "formacode": "formacode",
    "nsf": "nsf",
    "certificateurs": "certifiers",
    "ancienne_nouvelle_certification": "replacements",
    "ccn": "ccn",
    "partenaires": "partners",
}
KIND_PREFIXES = {"blocs_de_comp": "blocs", "voixdacc": "access"}
REQUIRED = ("rome", "formacode", "nsf", "certifiers", "replacements", "blocs")
USED = (*REQUIRED, "standard", "access")


# --- value parsers (each returns the clean value or raises BadValue with a French msgid) ------------------------


def certification_code(value: str) -> str:
    value = value.strip().upper()
    if not CERTIFICATION_CODE.match(value):
        raise BadValue(gettext_noop("« %(value)s » n'est pas un code RNCP ou RS"), value=value[:40])
    return value


def optional_certification_code(value: str) -> str:
    return certification_code(value) if value.strip() else ""


def siret(value: str) -> str:
    """The export writes SIRETs after a tab (so that spreadsheets keep the leading zeros)."""
    value = value.strip()
    if not (value.isdigit() and len(value) == 14):
        raise BadValue(gettext_noop("« %(value)s » n'est pas un SIRET"), value=value[:40])
    return value


NO_LEVEL = {"", "nr", "non renseigne", "reprise", "sans niveau", "autre"}
LEVEL = re.compile(r"^(?:niv(?:eau)?\s*)?([1-8])$")


def level(value: str) -> int | None:
    """A level of the 2019 nomenclature, as each source writes it: `NIV5`, `Niveau 5`, `niveau5`, `5`; `NR`,
    `REPRISE` (no level) and an empty value give None."""
    folded = fold(value)
    if folded in NO_LEVEL:
        return None
    match = LEVEL.match(folded)
    if not match:
        raise BadValue(gettext_noop("niveau « %(value)s » inconnu"), value=value.strip()[:40])
    return int(match[1])


def active_flag(value: str) -> bool | None:
    folded = fold(value)
    if folded in ("", "nr"):
        return None
    if folded in ("active", "actif"):
        return True
    if folded in ("inactive", "inactif"):
        return False
    raise BadValue(gettext_noop("« %(value)s » n'est ni ACTIVE ni INACTIVE"), value=value.strip()[:40])


def _date(value: str, fmt: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, fmt).date()
    except ValueError:
        raise BadValue(gettext_noop("« %(value)s » n'est pas une date"), value=value[:40]) from None


def date_dmy(value: str) -> datetime.date | None:
    """31/08/2023 (the export, the Kit apprentissage)."""
    return _date(value, "%d/%m/%Y")


def date_mdy(value: str) -> datetime.date | None:
    """8/31/16 (the 2021 tables de correspondances)."""
    return _date(value, "%m/%d/%y")


def label_after_code(value: str) -> str:
    """`221w : Commercialisation de produits alimentaires` -> the label; a label without its code is kept."""
    value = value.strip()
    head, separator, tail = value.partition(" : ")
    return tail.strip() if separator and " " not in head.strip() else value


def fold(value: str) -> str:
    """Lower case, accents removed, spaces collapsed: for comparing names and flags."""
    decomposed = unicodedata.normalize("NFKD", value)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


# --- file specifications ----------------------------------------------------------------------------------------

SPECS = {
    "standard": Spec(
        "standard",
        {
            "Numero_Fiche": certification_code,
            "Intitule": text,
            "Abrege_Libelle": text,
            "Abrege_Intitule": text,
            "Nomenclature_Europe_Niveau": level,
            "Date_Fin_Enregistrement": date_dmy,
            "Actif": active_flag,
        },
        delimiter=";",
    ),
    "rome": Spec("rome", {"Numero_Fiche": certification_code, "Codes_Rome_Code": required_text}, delimiter=";"),
    "formacode": Spec(
        "formacode",
        {"Numero_Fiche": certification_code, "Formacode_Code": required_text, "Formacode_Libelle": text},
        delimiter=";",
    ),
    "nsf": Spec("nsf", {"Numero_Fiche": certification_code, "Nsf_Code": required_text, "Nsf_Intitule": text}, ";"),
    "certifiers": Spec(
        "certifiers",
        {"Numero_Fiche": certification_code, "Siret_Certificateur": siret, "Nom_Certificateur": required_text},
        delimiter=";",
    ),
    "replacements": Spec(
        "replacements",
        {
            "Numero_Fiche": certification_code,
            "Ancienne_Certification": optional_certification_code,
            "Nouvelle_Certification": optional_certification_code,
        },
        delimiter=";",
    ),
    "blocs": Spec(
        "blocs",
        {"Numero_Fiche": certification_code, "Bloc_Competences_Code": required_text, "Bloc_Competences_Libelle": text},
        delimiter=";",
    ),
    "access": Spec("access", {"Numero_Fiche": certification_code, "Si_Jury": text}, delimiter=";"),
}


# --- files: in a folder or in a zip ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    """A file to read: a path, or a member of a zip archive. `name` is what messages show."""

    name: str
    path: Path
    member: str = ""

    def read(self) -> bytes:
        try:
            if self.member:
                with zipfile.ZipFile(self.path) as archive:
                    return archive.read(self.member)
            if self.path.suffix == ".gz":
                with gzip.open(self.path, "rb") as handle:
                    return handle.read()
            return self.path.read_bytes()
        except EOFError:
            raise SourceError(self.name, None, gettext_noop("le fichier compressé est tronqué")) from None
        except (gzip.BadGzipFile, zlib.error, zipfile.BadZipFile) as error:
            raise SourceError(
                self.name, None, gettext_noop("le fichier compressé est illisible (%(error)s)"), error=str(error)
            ) from None
        except OSError as error:
            raise SourceError(
                self.name, None, gettext_noop("lecture impossible (%(error)s)"), error=str(error)
            ) from None

    def raw_bytes(self) -> bytes:
        """The bytes as stored (compressed or not), for the checksum."""
        if self.member:
            return self.read()
        return self.path.read_bytes()


def decode(name: str, raw: bytes, *, fallback: str = "") -> str:
    """UTF-8 (with or without BOM); `fallback` (cp1252 for the 2021 tables) when the bytes are not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if fallback:
            try:
                return raw.decode(fallback)
            except UnicodeDecodeError:
                pass
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(name, line, gettext_noop("le texte n'est pas en UTF-8")) from None


def read_csv(role: str, source: SourceFile, spec: Spec | None = None, *, fallback: str = "") -> list[Row]:
    content = decode(source.name, source.read(), fallback=fallback)
    return list(parse(spec or SPECS[role], source.name, content))


@dataclass
class Export:
    """The export's files found under a path, one per role, and the date each carries."""

    root: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    dates: dict[str, datetime.date] = field(default_factory=dict)

    @property
    def export_date(self) -> datetime.date:
        return max(self.dates[role] for role in self.files)


def _role(file_name: str) -> tuple[str, datetime.date] | None:
    match = EXPORT_NAME.match(unicodedata.normalize("NFC", file_name))
    if not match:
        return None
    kind = fold(match["kind"])
    role = KINDS.get(kind) or next((r for prefix, r in KIND_PREFIXES.items() if kind.startswith(prefix)), None)
    if role is None:
        return None
    try:
        date = datetime.datetime.strptime(match["date"], "%Y_%m_%d").date()
    except ValueError:
        return None
    return role, date


def _shown_name(info: zipfile.ZipInfo) -> str:
    """Zip tools that do not flag UTF-8 names get them read as cp437 (`CompÃ©tences` shown as `Comp├⌐tences`):
    read such a name back as UTF-8 when it is."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _candidates(path: Path) -> list[SourceFile]:
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise SourceError(str(path), None, gettext_noop("ce n'est ni un dossier ni une archive zip"))
        try:
            with zipfile.ZipFile(path) as archive:
                members = [info for info in archive.infolist() if not info.is_dir()]
        except zipfile.BadZipFile as error:
            raise SourceError(
                path.name, None, gettext_noop("le fichier compressé est illisible (%(error)s)"), error=str(error)
            ) from None
        return [
            SourceFile(f"{path.name}:{_shown_name(info)}", path, info.filename)
            for info in sorted(members, key=lambda info: info.filename)
        ]
    if not path.is_dir():
        raise SourceError(str(path), None, gettext_noop("ce dossier n'existe pas"))
    return [
        SourceFile(p.relative_to(path).as_posix(), p)
        for p in sorted(q for q in path.rglob("*") if q.is_file() and not q.name.startswith("."))
    ]


def locate_export(path: Path) -> Export:
    """Find the export's files in a zip or a folder (searched recursively). Missing or doubled files are errors."""
    path = Path(path)
    export = Export(root=str(path))
    found: dict[str, list[tuple[SourceFile, datetime.date]]] = {}
    for candidate in _candidates(path):
        role = _role(Path(candidate.name.rpartition(":")[2] if candidate.member else candidate.path.name).name)
        if role and role[0] in USED:
            found.setdefault(role[0], []).append((candidate, role[1]))
    for role in USED:
        files = found.get(role, [])
        if len(files) > 1:
            raise SourceError(
                export.root,
                None,
                gettext_noop("plusieurs fichiers pour « %(key)s » : %(names)s"),
                key=role,
                names=", ".join(f.name for f, _ in files),
            )
        if files:
            export.files[role], export.dates[role] = files[0]
        elif role in REQUIRED:
            raise SourceError(
                export.root,
                None,
                gettext_noop("fichier introuvable pour « %(key)s » (export_fiches_CSV_%(kind)s_AAAA_MM_JJ.csv)"),
                key=role,
                kind=_kind_name(role),
            )
    return export


OFFICIAL_KINDS = {
    "standard": "Standard",
    "rome": "Rome",
    "formacode": "Formacode",
    "nsf": "Nsf",
    "certifiers": "Certificateurs",
    "replacements": "Ancienne_Nouvelle_Certification",
    "blocs": "Blocs_De_Compétences",
    "access": "VoixdAccès",
}


def _kind_name(role: str) -> str:
    return OFFICIAL_KINDS[role]


def checksum(files: list[tuple[str, SourceFile]], salt: str) -> str:
    """SHA-256 over the files' roles and stored bytes: the same files give the same checksum wherever they are."""
    digest = hashlib.sha256(salt.encode())
    for role, source in files:
        digest.update(role.encode() + b"\0")
        digest.update(source.raw_bytes())
    return digest.hexdigest()
