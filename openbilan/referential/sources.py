"""Find and read the official reference files, exactly in the layouts their publishers distribute. No Django import.

- France Travail's ROME export: `unix_<table>_v<version>_utf8.csv` (comma separated, every field quoted, header row;
  `.csv.gz` accepted). All ROME files must come from the same version.
- O*NET text files: `Interests.txt`, `Work Values.txt`, `Occupation Data.txt` (tab separated, header row; the spaces of
  the official names may be underscores; `.gz` accepted).
- The ESCO portal's mapping CSVs (ESCO-ROME by France Travail, ESCO-O*NET by the ESCO secretariat and US DOL): a
  metadata block ("Mapping project name,...") before the real header. They are recognised by that metadata, not by
  their file name. The ESCO occupation pillar's `broaderRelationsOccPillar*.csv` gives the ESCO hierarchy.

Only the columns the platform uses are required; extra columns are ignored, so the full official files and the
compact copy under data/referential/ are read by the same code. Every problem raises `SourceError` naming the file,
the line and the reason, before anything is written anywhere.
"""

import csv
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openbilan.referential import riasec


def gettext_noop(message: str) -> str:
    """Mark a message for translation without translating it here (the service layer translates it)."""
    return message


def _untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Message:
    """A French msgid and its parameters, translated only when shown (a parameter may itself be a Message)."""

    msgid: str
    params: dict

    def render(self, translate: Callable[[str], str] = _untranslated) -> str:
        if not self.params:
            return translate(self.msgid)
        values = {k: v.render(translate) if isinstance(v, Message) else v for k, v in self.params.items()}
        return translate(self.msgid) % values


LINE_MESSAGE = gettext_noop("%(file)s, ligne %(line)d : %(reason)s")


class SourceError(Exception):
    """A reference file is missing, truncated or corrupt: which file, which line (None for the whole file), why."""

    def __init__(self, file: str, line: int | None, reason: str, **params):
        self.file = file
        self.line = line
        self.message = Message(reason, params)
        super().__init__(self.describe())

    def describe(self, translate: Callable[[str], str] = _untranslated) -> str:
        reason = self.message.render(translate)
        if self.line is None:
            return f"{self.file} : {reason}"
        return translate(LINE_MESSAGE) % {
            "file": self.file,
            "line": self.line,
            "reason": reason,
        }


# --- value parsers: each returns the clean value or raises ValueError with a French msgid -------------------------

ROME_CODE = re.compile(r"^[A-N]\d{4}$")
ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
RIASEC_LETTERS = riasec.LETTERS


class BadValue(ValueError):
    def __init__(self, reason: str, **params):
        self.message = Message(reason, params)
        super().__init__(reason)


def text(value: str) -> str:
    return value.strip()


def required_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise BadValue(gettext_noop("valeur vide"))
    return value


def integer(value: str) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 9:
        raise BadValue(gettext_noop("« %(value)s » n'est pas un nombre entier"), value=value[:40])
    return int(value)


def optional_integer(value: str) -> int | None:
    return integer(value) if value.strip() else None


def decimal(value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise BadValue(gettext_noop("« %(value)s » n'est pas un nombre"), value=value[:40]) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise BadValue(gettext_noop("« %(value)s » n'est pas un nombre"), value=value[:40])
    return number


def rome_code(value: str) -> str:
    value = value.strip()
    if not ROME_CODE.match(value):
        raise BadValue(gettext_noop("« %(value)s » n'est pas un code ROME"), value=value[:40])
    return value


def onet_code(value: str) -> str:
    value = value.strip()
    if not ONET_CODE.match(value):
        raise BadValue(gettext_noop("« %(value)s » n'est pas un code O*NET-SOC"), value=value[:40])
    return value


def riasec_letter(value: str) -> str:
    value = value.strip().upper()
    if len(value) != 1 or value not in RIASEC_LETTERS:
        raise BadValue(gettext_noop("« %(value)s » n'est pas une lettre RIASEC"), value=value[:40])
    return value


def optional_riasec_letter(value: str) -> str:
    return riasec_letter(value) if value.strip() else ""


def flag(value: str) -> bool | None:
    """ROME flags: O (oui), N (non), empty (not stated)."""
    value = value.strip().upper()
    if value in ("", "NULL"):
        return None
    if value in ("O", "OUI"):
        return True
    if value in ("N", "NON"):
        return False
    raise BadValue(gettext_noop("« %(value)s » n'est ni O ni N"), value=value[:40])


def yes_no(value: str) -> bool:
    value = value.strip().lower()
    if value in ("oui", "o"):
        return True
    if value in ("non", "n", ""):
        return False
    raise BadValue(gettext_noop("« %(value)s » n'est ni oui ni non"), value=value[:40])


def classification(value: str) -> bool:
    """Appellation classification: PRINCIPALE (the occupation's own title) or SYNONYME."""
    value = value.strip().upper()
    if value not in ("PRINCIPALE", "SYNONYME"):
        raise BadValue(gettext_noop("« %(value)s » n'est ni PRINCIPALE ni SYNONYME"), value=value[:40])
    return value == "PRINCIPALE"


# --- file specifications ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One official file: how to find it and which columns to read (name -> parser)."""

    key: str
    columns: dict[str, Callable[[str], object]]
    delimiter: str = ","
    quoting: int = csv.QUOTE_MINIMAL
    header_starts: str | None = None  # for files with a metadata block before the header
    optional: dict[str, Callable[[str], object]] = field(default_factory=dict)  # read when present, else ""


def _rome(table: str, **columns) -> Spec:
    return Spec(key=table, columns=columns)


ROME_SPECS = [
    _rome("grand_domaine", code_grand_domaine=required_text, libelle_grand_domaine=required_text),
    _rome(
        "domaine_professionnel", code_domaine_professionnel=required_text, libelle_domaine_professionnel=required_text
    ),
    _rome(
        "referentiel_code_rome",
        code_rome=rome_code,
        code_ogr=integer,
        libelle_rome=required_text,
        transition_eco=text,
        transition_num=flag,
        transition_demo=flag,
        emploi_reglemente=flag,
        emploi_cadre=flag,
        code_rome_parent=rome_code,
    ),
    _rome("cr_gd_dp", code_rome=rome_code, code_domaine_professionel=required_text),
    _rome(
        "referentiel_appellation",
        code_ogr=integer,
        libelle_appellation_long=required_text,
        libelle_appellation_court=text,
        code_rome=rome_code,
        classification=classification,
        peu_usite=flag,
    ),
    _rome(
        "referentiel_code_rome_riasec",
        code_rome=rome_code,
        riasec_majeur=riasec_letter,
        riasec_mineur=optional_riasec_letter,
    ),
    _rome(
        "centre_interet",
        code_centre_interet=integer,
        libelle_centre_interet=required_text,
        definition_centre_interet=text,
    ),
    _rome("arborescence_centre_interet", code_centre_interet=integer, code_rome=rome_code, principal=yes_no),
    _rome(
        "referentiel_competence",
        code_ogr=integer,
        nature=text,
        libelle_competence=required_text,
        cat_comp=text,
        sous_cat_comp=text,
    ),
    _rome(
        "referentiel_savoir",
        code_ogr_savoir=integer,
        libelle_savoir=required_text,
        categorie_savoir=text,
        sous_categorie_savoir=text,
    ),
    _rome(
        "liens_rome_referentiels",
        code_rome=rome_code,
        code_compo_bloc=integer,
        code_rubrique=optional_integer,
        code_ogr=integer,
    ),
    _rome("coherence_item", code_rome=rome_code, code_ogr=integer, coeur_metier=text),
    _rome(
        "referentiel_contexte_travail",
        code_ogr=integer,
        libelle_cont_travail=required_text,
        code_type_cont_trav=integer,
        libelle_type_cont_trav=required_text,
    ),
    _rome("rubrique_mobilite", code_rome=rome_code, code_rome_cible=rome_code, numero_ordre=integer),
    _rome(
        "texte",
        code_rome=rome_code,
        code_compo_bloc=integer,
        libelle_type_texte=required_text,
        position_phrase=integer,
        libelle_texte=text,
    ),
    _rome(
        "secteur_activite",
        code_sect_activite=integer,
        libelle_sect_activite=required_text,
        definition_sect_activite=text,
    ),
    _rome(
        "sous_secteur_activite",
        code_ss_sect_activite=integer,
        libelle_ss_sect_activite=required_text,
        definition_ss_sect_activite=text,
        code_sect_activite=integer,
    ),
    _rome(
        "arborescence_secteur_activite",
        code_sect_activite=integer,
        code_ss_sect_activite=optional_integer,
        code_rome=rome_code,
        principal=yes_no,
    ),
]

_ONET_SCORE_COLUMNS = {
    "O*NET-SOC Code": onet_code,
    "Element Name": required_text,
    "Scale ID": required_text,
    "Data Value": decimal,
}
ONET_SPECS = [
    Spec("onet_interests", _ONET_SCORE_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE),
    Spec("onet_work_values", _ONET_SCORE_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE),
    Spec(
        "onet_occupations",
        {"O*NET-SOC Code": onet_code, "Title": required_text},
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    ),
]
ONET_NAMES = {
    "onet_interests": ("Interests",),
    "onet_work_values": ("Work Values", "Work_Values"),
    "onet_occupations": ("Occupation Data", "Occupation_Data"),
}

ESCO_SPECS = [
    Spec(
        "esco_rome",
        {"classification 1 ID": required_text, "classification 2 ID": integer, "mapping relation": required_text},
        header_starts="classification 1 ID",
        optional={"classification 1 prefered label": text},  # the ESCO occupation's French name
    ),
    Spec(
        "esco_onet",
        {"O*NET Id": onet_code, "ESCO or ISCO URI": required_text, "Type of Match": required_text},
        header_starts="O*NET Id",
    ),
    Spec(
        "esco_broader",
        {
            "conceptType": required_text,
            "conceptUri": required_text,
            "broaderType": required_text,
            "broaderUri": required_text,
        },
    ),
]
# The first metadata line of each ESCO-portal mapping file ("Mapping project name,<name>").
ESCO_PROJECTS = {"esco - rome": "esco_rome", "esco-o*net crosswalk": "esco_onet"}

ALL_KEYS = [spec.key for spec in ROME_SPECS + ONET_SPECS + ESCO_SPECS]


# --- discovery --------------------------------------------------------------------------------------------------

ROME_NAME = re.compile(r"^unix_(?P<table>[a-z_]+?)_v(?P<version>\d+)_utf8\.csv(\.gz)?$")


@dataclass
class Located:
    """The files found in a folder, one per key, and the ROME version they carry."""

    root: Path
    files: dict[str, Path] = field(default_factory=dict)
    rome_version: str = ""

    def name(self, key: str) -> str:
        return self.files[key].relative_to(self.root).as_posix()

    def checksum(self, salt: str = "") -> str:
        """SHA-256 over the files' roles and bytes: the same files give the same checksum wherever they live."""
        digest = hashlib.sha256(salt.encode())
        for key in sorted(self.files):
            digest.update(key.encode() + b"\0")
            digest.update(self.files[key].read_bytes())
        return digest.hexdigest()


def _first_line(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            return handle.readline(500).decode("utf-8-sig", errors="replace")
    except (OSError, EOFError, zlib.error):
        return ""


def locate(root: Path) -> Located:
    """Find every file the import needs under `root` (searched recursively). Missing or doubled files are errors."""
    root = Path(root)
    if not root.is_dir():
        raise SourceError(str(root), None, gettext_noop("ce dossier n'existe pas"))
    found: dict[str, list[Path]] = {key: [] for key in ALL_KEYS}
    rome_keys = {spec.key for spec in ROME_SPECS}
    versions: set[str] = set()
    onet_files = {
        f"{stem}{suffix}": key for key, stems in ONET_NAMES.items() for stem in stems for suffix in (".txt", ".txt.gz")
    }
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.name
        match = ROME_NAME.match(name)
        if match and match["table"] in rome_keys:
            found[match["table"]].append(path)
            versions.add(match["version"])
        elif name in onet_files:
            found[onet_files[name]].append(path)
        elif name.startswith("broaderRelationsOccPillar") and name.endswith((".csv", ".csv.gz")):
            found["esco_broader"].append(path)
        elif name.endswith((".csv", ".csv.gz")):
            first = _first_line(path).strip().split(",")
            if len(first) > 1 and first[0].strip().lower() == "mapping project name":
                project = ESCO_PROJECTS.get(first[1].strip().lower())
                if project:
                    found[project].append(path)
    located = Located(root=root)
    for key, paths in found.items():
        if not paths:
            raise SourceError(str(root), None, gettext_noop("fichier introuvable pour « %(key)s »"), key=key)
        if len(paths) > 1:
            names = ", ".join(p.relative_to(root).as_posix() for p in paths)
            raise SourceError(
                str(root), None, gettext_noop("plusieurs fichiers pour « %(key)s » : %(names)s"), key=key, names=names
            )
        located.files[key] = paths[0]
    if len(versions) > 1:
        raise SourceError(
            str(root),
            None,
            gettext_noop("les fichiers ROME mélangent plusieurs versions : %(versions)s"),
            versions=", ".join(sorted(versions)),
        )
    located.rome_version = versions.pop()
    return located


# --- reading ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, object]

    def __getitem__(self, column: str):
        return self.values[column]


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(name, line, gettext_noop("le texte n'est pas en UTF-8")) from None


def _read_bytes(name: str, path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                return handle.read()
        return path.read_bytes()
    except EOFError:
        raise SourceError(name, None, gettext_noop("le fichier compressé est tronqué")) from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise SourceError(
            name, None, gettext_noop("le fichier compressé est illisible (%(error)s)"), error=str(error)
        ) from None
    except OSError as error:
        raise SourceError(name, None, gettext_noop("lecture impossible (%(error)s)"), error=str(error)) from None


def read(spec: Spec, name: str, path: Path) -> list[Row]:
    """Parse one file completely: the header must hold the spec's columns, every row the header's field count."""
    content = _decode(name, _read_bytes(name, path))
    return list(parse(spec, name, content))


def parse(spec: Spec, name: str, content: str) -> Iterator[Row]:
    lines_before = 0
    if spec.header_starts:
        lines = content.splitlines(keepends=True)
        for index, line in enumerate(lines):
            if line.lstrip("\ufeff").startswith(spec.header_starts):
                lines_before = index
                content = "".join(lines[index:])
                break
        else:
            raise SourceError(
                name, None, gettext_noop("la ligne d'en-tête « %(header)s… » est absente"), header=spec.header_starts
            )
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=spec.delimiter, quoting=spec.quoting, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise SourceError(name, lines_before + 1, gettext_noop("le fichier est vide"))
        header = [column.strip() for column in header]
        missing = [column for column in spec.columns if column not in header]
        if missing:
            raise SourceError(
                name,
                lines_before + 1,
                gettext_noop("colonnes absentes de l'en-tête : %(columns)s"),
                columns=", ".join(missing),
            )
        positions = {column: header.index(column) for column in spec.columns}
        optional = {column: header.index(column) for column in spec.optional if column in header}
        width = len(header)
        for fields in reader:
            line = lines_before + reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != width:
                raise SourceError(
                    name,
                    line,
                    gettext_noop("Champs attendus : %(expected)d ; trouvés : %(found)d (ligne tronquée ?)"),
                    expected=width,
                    found=len(fields),
                )
            values = {}
            for column, parser in spec.columns.items():
                try:
                    values[column] = parser(fields[positions[column]])
                except BadValue as error:
                    raise SourceError(
                        name,
                        line,
                        gettext_noop("colonne « %(column)s » : %(detail)s"),
                        column=column,
                        detail=error.message,
                    ) from None
            for column, parser in spec.optional.items():
                values[column] = parser(fields[optional[column]]) if column in optional else ""
            yield Row(line, values)
    except csv.Error as error:
        raise SourceError(
            name, lines_before + reader.line_num, gettext_noop("CSV invalide (%(error)s)"), error=str(error)
        ) from None


SPECS = {spec.key: spec for spec in ROME_SPECS + ONET_SPECS + ESCO_SPECS}


def read_all(located: Located) -> dict[str, list[Row]]:
    """Read every located file, fully, in memory."""
    return {key: read(SPECS[key], located.name(key), path) for key, path in located.files.items()}
