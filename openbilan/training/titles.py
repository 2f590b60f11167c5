"""Read the sources of certification titles, levels and active flags used when the export has no Standard file, and
ONISEP's formation durations. No Django import.

Each source is recognised by its content (header or XML root), whatever its file name:
- the Certif Info / ONISEP "table de passage" (XML `<root><item>…<ci_code_rncp>`): RNCP title, level, type, Idéo id;
- the Kit apprentissage (CSV `;`, `FicheRNCP`): title, level, ACTIVE/INACTIVE, end date, type;
- the tables de correspondances' `rncp_info` (CSV `;`, cp1252, `CodeRNCP;intituleDiplome;…`): title, level, flag,
  end date (m/d/yy), type;
- the tables de correspondances' `codes_diplomes` (CSV `;`, cp1252, `CodeDiplome;Intitule;CodeRNCP;…`): the
  diploma's title in the Éducation nationale's tables, level, flag;
- ONISEP Idéo formations (XML `<formations><formation>`, or the zip that holds it): duration and RNCP page of each
  formation.
Values a source leaves empty (`NR`, `non renseigné`) are None, so the next source gives them.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from openbilan.referential.sources import BadValue, SourceError, Spec, gettext_noop, text
from openbilan.training.rncp import (
    CERTIFICATION_CODE,
    SourceFile,
    active_flag,
    date_dmy,
    date_mdy,
    decode,
    fold,
    level,
    read_csv,
)


@dataclass
class Facts:
    """What one source says about one certification."""

    title: str = ""
    level: int | None = None
    kind: str = ""
    active: bool | None = None
    valid_until: datetime.date | None = None
    line: int = 0


@dataclass
class TitleSource:
    key: str  # a models.ValueSource value
    name: str
    facts: dict[str, Facts] = field(default_factory=dict)
    onisep_ids: dict[str, set[str]] = field(default_factory=dict)  # certification code -> Idéo formation ids


@dataclass(frozen=True)
class OnisepFormation:
    months: int | None
    certification: str  # the RNCP code of the formation's page, "" when none


def optional_code(value: str) -> str:
    value = value.strip().upper()
    if value in ("", "NR"):
        return ""
    if not CERTIFICATION_CODE.match(value):
        raise BadValue(gettext_noop("« %(value)s » n'est pas un code RNCP ou RS"), value=value[:40])
    return value


def _dmy(value: str):
    return None if value.strip().upper() == "NR" else date_dmy(value)


def _mdy(value: str):
    return None if value.strip().upper() == "NR" else date_mdy(value)


KIT = Spec(
    "kit_apprentissage",
    {
        "FicheRNCP": optional_code,
        "Intitulé certification (RNCP)": text,
        "Niveau fiche RNCP": level,
        "Abrégé de diplôme (RNCP)": text,
        "Fiche ACTIVE/INACTIVE": active_flag,
        "Date d'échéance de la fiche RNCP": _dmy,
    },
    delimiter=";",
)
RNCP_INFO = Spec(
    "rncp_info",
    {
        "CodeRNCP": optional_code,
        "intituleDiplome": text,
        "date_fin_validite_enregistrement": _mdy,
        "ActiveInactive": active_flag,
        "NiveauEurope": level,
        "TypeCertif": text,
    },
    delimiter=";",
)
CODES_DIPLOMES = Spec(
    "codes_diplomes",
    {"CodeRNCP": optional_code, "Intitule": text, "Niveau2019": level, "Fiche RNCP active/inactive": active_flag},
    delimiter=";",
)


# The CSV sources of titles: how their header line (folded, quotes removed) is recognised, their spec, and which of
# their columns holds each fact (`kind` and `until` only where the source has them).
CSV_TITLE_SOURCES = (
    (
        re.compile("ficherncp"),
        KIT,
        {
            "code": "FicheRNCP",
            "title": "Intitulé certification (RNCP)",
            "level": "Niveau fiche RNCP",
            "kind": "Abrégé de diplôme (RNCP)",
            "active": "Fiche ACTIVE/INACTIVE",
            "until": "Date d'échéance de la fiche RNCP",
        },
    ),
    (
        re.compile("^coderncp;intitulediplome"),
        RNCP_INFO,
        {
            "code": "CodeRNCP",
            "title": "intituleDiplome",
            "level": "NiveauEurope",
            "kind": "TypeCertif",
            "active": "ActiveInactive",
            "until": "date_fin_validite_enregistrement",
        },
    ),
    (
        re.compile("^codediplome;intitule;coderncp"),
        CODES_DIPLOMES,
        {"code": "CodeRNCP", "title": "Intitule", "level": "Niveau2019", "active": "Fiche RNCP active/inactive"},
    ),
)


def _csv_source(source: SourceFile, spec: Spec, columns: dict[str, str]) -> TitleSource:
    """Rows -> facts, the first row of a code winning (the Kit has one row per diploma code)."""
    result = TitleSource(spec.key, source.name)
    for row in read_csv(spec.key, source, spec, fallback="cp1252"):
        code = row[columns["code"]]
        if not code or code in result.facts:
            continue
        result.facts[code] = Facts(
            title=row[columns["title"]],
            level=row[columns["level"]],
            kind=row[columns["kind"]] if "kind" in columns else "",
            active=row[columns["active"]],
            valid_until=row[columns["until"]] if "until" in columns else None,
            line=row.line,
        )
    return result


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=True)


def _xml(source: SourceFile, raw: bytes):
    try:
        return etree.fromstring(raw, _safe_parser())
    except etree.XMLSyntaxError as error:
        raise SourceError(
            source.name, error.lineno, gettext_noop("XML invalide (%(error)s)"), error=error.msg or str(error)
        ) from None


def _table_de_passage(source: SourceFile, root) -> TitleSource:
    result = TitleSource("table_de_passage", source.name)
    for item in root.iter("item"):
        number = (item.findtext("ci_code_rncp") or "").strip()
        if not number:
            continue
        code = number.upper() if number.upper().startswith("RNCP") else f"RNCP{number}"
        if not CERTIFICATION_CODE.match(code):
            raise SourceError(
                source.name,
                item.sourceline,
                gettext_noop("élément « %(element)s » : %(detail)s"),
                element="ci_code_rncp",
                detail=BadValue(gettext_noop("« %(value)s » n'est pas un code RNCP ou RS"), value=number[:40]).message,
            )
        ideo = (item.findtext("ideo_identifiant_formation") or "").strip()
        if ideo:
            result.onisep_ids.setdefault(code, set()).add(ideo)
        if code in result.facts:
            continue
        try:
            item_level = level(item.findtext("ci_niveau_europeen") or "")
        except BadValue as error:
            raise SourceError(
                source.name,
                item.sourceline,
                gettext_noop("élément « %(element)s » : %(detail)s"),
                element="ci_niveau_europeen",
                detail=error.message,
            ) from None
        result.facts[code] = Facts(
            title=(item.findtext("rncp_intitule") or "").strip(),
            level=item_level,
            kind=(item.findtext("ci_intitule_type_diplome") or "").strip(),
            line=item.sourceline or 0,
        )
    return result


DURATION = re.compile(r"(\d+)\s*(ans?|annees?|mois|semaines?)\b")
RNCP_PAGE = re.compile(r"/rncp/(\d+)")


def months(value: str) -> int | None:
    """`2 ans` -> 24, `1 an` -> 12, `6 mois` -> 6, `20 semaines` -> 5 (rounded up); free text without a figure ->
    None."""
    match = DURATION.search(fold(value))
    if not match:
        return None
    number, unit = int(match[1]), match[2]
    if unit.startswith("an"):
        return 12 * number
    if unit == "mois":
        return number
    return -(-number * 7 // 30)


def _onisep(source: SourceFile, root) -> dict[str, OnisepFormation]:
    formations = {}
    for formation in root.iter("formation"):
        identifier = (formation.findtext("identifiant") or "").strip()
        if not identifier:
            continue
        page = RNCP_PAGE.search(formation.findtext("url") or "")
        formations[identifier] = OnisepFormation(
            months=months(formation.findtext("duree_formation") or ""),
            certification=f"RNCP{int(page[1])}" if page else "",
        )
    return formations


@dataclass
class Sources:
    titles: list[TitleSource] = field(default_factory=list)
    onisep: dict[str, OnisepFormation] = field(default_factory=dict)
    onisep_name: str = ""


def _unzip_single_xml(source: SourceFile, raw: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [name for name in archive.namelist() if name.lower().endswith(".xml")]
            if len(members) != 1:
                raise SourceError(source.name, None, gettext_noop("l'archive doit contenir un seul fichier XML"))
            return archive.read(members[0])
    except zipfile.BadZipFile as error:
        raise SourceError(
            source.name, None, gettext_noop("le fichier compressé est illisible (%(error)s)"), error=str(error)
        ) from None


def read_sources(files: list[SourceFile]) -> Sources:
    """Read every title source (in the order given: newest first) and at most one ONISEP formations file."""
    result = Sources()
    seen: set[str] = set()
    for source in files:
        raw = source.read()
        if raw[:4] == b"PK\x03\x04":
            raw = _unzip_single_xml(source, raw)
        head = raw[:600].lstrip(b"\xef\xbb\xbf").lstrip()
        if head.startswith(b"<"):
            root = _xml(source, raw)
            if root.tag == "formations":
                if result.onisep_name:
                    raise SourceError(source.name, None, gettext_noop("un seul fichier de formations ONISEP"))
                result.onisep, result.onisep_name = _onisep(source, root), source.name
                continue
            if root.find("item/ci_code_rncp") is None:
                raise SourceError(source.name, None, gettext_noop("source de titres non reconnue"))
            title_source = _table_de_passage(source, root)
        else:
            header = fold(decode(source.name, raw.split(b"\n", 1)[0], fallback="cp1252")).replace('"', "")
            found = next((entry for entry in CSV_TITLE_SOURCES if entry[0].search(header)), None)
            if found is None:
                raise SourceError(source.name, 1, gettext_noop("source de titres non reconnue"))
            title_source = _csv_source(source, found[1], found[2])
        if title_source.key in seen:
            raise SourceError(
                source.name, None, gettext_noop("deux sources du même type : %(key)s"), key=title_source.key
            )
        seen.add(title_source.key)
        result.titles.append(title_source)
    return result
