"""Validate and read an LHEO 2.2 or 2.3 file (the Carif-Oref standard for training offers). No Django import.

The file is parsed with lxml without entities or network access, then validated against the LHEO 2.3 XML Schema
shipped in data/training/lheo/ (an LHEO 2.2 file is validated once its namespace `http://www.lheo.org/2.2` is read as
`http://lheo.gouv.fr/2.3`: 2.3 only added optional elements). An invalid file raises `SourceError` with the line and
the element; values the schema lets through but the platform cannot use (an impossible date, a start after the end,
coordinates off the globe) are refused the same way.

What is kept, per formation: title, objective, certifying flag, entry and exit levels (read as the 2019 nomenclature),
Formacode, NSF and ROME codes, certifications (RNCP/RS codes), CPF code, contact, the responsible organisation; per
action: rhythm, prerequisites (conditions-specifiques), hours, price, funders (code-financeur with the places they
fund), conventionnement, the regional programmes named in its extras, the place of training; per session: dates,
recruitment state and place.
"""

import datetime
import functools
import gzip
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from openbilan.referential.sources import BadValue, Message, SourceError, gettext_noop

NS23 = "http://lheo.gouv.fr/2.3"
NAMESPACES = {NS23: "2.3", "http://www.lheo.org/2.2": "2.2"}
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "training" / "lheo" / "lheo-2.3.xsd.gz"

# dict-niveaux of LHEO -> level of the 2019 nomenclature. 0 (not communicated) and 1 (no specific level) give None;
# the former levels VI, V bis, V, IV, III, II, I read as 1 to 7; the codes 11 to 18 of LHEO 2.3 are levels 1 to 8.
LEVELS = {2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 7, **{10 + n: n for n in range(1, 9)}}

# dict-financeurs (LHEO 2.3): the funder codes of organisme-financeur.
FUNDERS = {
    "0": "Autre",
    "1": "Code(s) obsolète(s)",
    "2": "Conseil régional",
    "3": "Fonds européens - FSE",
    "4": "France Travail (Pôle emploi)",
    "5": "Entreprise",
    "6": "ACSÉ (anciennement FASILD)",
    "7": "AGEFIPH",
    "8": "Conseil départemental",
    "9": "Commune",
    "10": "Bénéficiaire de l'action",
    "11": "État - Ministère chargé de l'emploi",
    "12": "État - Ministère de l'éducation nationale",
    "13": "État - Autre",
    "14": "Fonds européens - Autre",
    "15": "Collectivité territoriale - Autre",
    "16": "OPCO",
    "17": "Transition Pro",
    "18": "LADOM",
    "19": "État - Ministère de l'intérieur",
    "20": "OFII",
}
REGION = "2"
PROGRAMME_WORDS = ("programme", "dispositif")
INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
TAG = re.compile(r"<[^>]+>")
BREAK = re.compile(r"<\s*(br|/p|/li|/div)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    insee_code: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class SessionData:
    key: str
    start: datetime.date | None
    end: datetime.date | None
    recruitment: str
    place: Place


@dataclass
class ActionData:
    key: str
    rhythm: str
    prerequisites: str
    entry_level_required: bool
    permanent_entry: bool
    hours_total: int | None
    hours_centre: int | None
    hours_company: int | None
    duration_text: str
    price: str
    funders: list[list]
    conventionne: bool | None
    programmes: list[str]
    place: Place
    url: str
    sessions: list[SessionData] = field(default_factory=list)


@dataclass
class OrganisationData:
    key: str
    siret: str
    name: str
    city: str
    postcode: str
    phone: str
    email: str
    web: str


@dataclass
class FormationData:
    key: str
    title: str
    objective: str
    certifying: bool
    entry_level: int | None
    exit_level: int | None
    formacodes: list[str]
    nsf: list[str]
    rome_codes: list[str]
    certification_codes: list[str]
    cpf_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    url: str
    organisation: OrganisationData
    actions: list[ActionData] = field(default_factory=list)


@dataclass
class Feed:
    version: str
    formations: list[FormationData] = field(default_factory=list)

    def organisations(self) -> list[OrganisationData]:
        return list({id(f.organisation): f.organisation for f in self.formations}.values())

    def certification_codes(self) -> set[str]:
        return {code for formation in self.formations for code in formation.certification_codes}

    def counts(self) -> dict[str, int]:
        actions = [action for formation in self.formations for action in formation.actions]
        return {
            "organisations": len(self.organisations()),
            "formations": len(self.formations),
            "actions": len(actions),
            "sessions": sum(len(action.sessions) for action in actions),
        }


@functools.cache
def schema() -> etree.XMLSchema:
    with gzip.open(SCHEMA_PATH, "rb") as handle:
        return etree.XMLSchema(etree.fromstring(handle.read(), _parser()))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=True
    )


# --- pure value helpers ---------------------------------------------------------------------------------------


def plain_text(value: str) -> str:
    """LHEO text fields often carry escaped HTML: keep the text, one line per paragraph or list item."""
    value = BREAK.sub("\n", value or "")
    value = html.unescape(TAG.sub(" ", value))
    lines = [" ".join(line.split()) for line in value.splitlines()]
    text = "\n".join(line for line in lines if line)
    return "" if text in ("-", ".") else text


def lheo_date(value: str, *, end: bool = False) -> datetime.date | None:
    """YYYYMMDD. 00000000 and 99999999 (unknown, open) give None; a day 00 is the month's first day (its last for an
    end date); a month 00 gives None."""
    value = value.strip()
    if value in ("00000000", "99999999"):
        return None
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:8])
    if month == 0 or month == 99:
        return None
    try:
        if day == 0:
            first = datetime.date(year, month, 1)
            if not end:
                return first
            following = datetime.date(year + (month == 12), month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return datetime.date(year, month, day)
    except ValueError:
        raise BadValue(gettext_noop("« %(value)s » n'est pas une date"), value=value) from None


def coordinate(value: str, limit: float) -> float:
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise BadValue(gettext_noop("« %(value)s » n'est pas un nombre"), value=value.strip()[:30]) from None
    if not -limit <= number <= limit:
        raise BadValue(gettext_noop("« %(value)s » est hors des limites"), value=value.strip()[:30])
    return number


def certification_code(value: str, prefix: str) -> str:
    """`474`, `RNCP474` or `RNCP 474` -> `RNCP474` (and the same for RS)."""
    digits = value.strip().upper().removeprefix(prefix).strip()
    if not digits.isdigit() or len(digits) > 6:
        raise BadValue(gettext_noop("« %(value)s » n'est pas un code %(kind)s"), value=value.strip()[:20], kind=prefix)
    return f"{prefix}{int(digits)}"


def months_between(start: datetime.date | None, end: datetime.date | None) -> int | None:
    """The length of a session in calendar months, a started month counting as one (1 September to 31 August of the
    next year: 12; 10 days: 1)."""
    if start is None or end is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + (end.day >= start.day)
    return max(1, months)


# --- reading the tree -----------------------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{NS23}}}{name}"


class _Reader:
    def __init__(self, name: str):
        self.name = name

    def fail(self, element, reason: str, **params):
        local = etree.QName(element).localname if element is not None else "lheo"
        raise SourceError(
            self.name,
            element.sourceline if element is not None else None,
            gettext_noop("élément « %(element)s » : %(detail)s"),
            element=local,
            detail=Message(reason, params),
        )

    def value(self, element, parser, *args, **kwargs):
        try:
            return parser(element.text or "", *args, **kwargs)
        except BadValue as error:
            raise SourceError(
                self.name,
                element.sourceline,
                gettext_noop("élément « %(element)s » : %(detail)s"),
                element=etree.QName(element).localname,
                detail=error.message,
            ) from None

    @staticmethod
    def text(parent, path: str, limit: int = 0) -> str:
        element = parent.find(path)
        value = " ".join((element.text or "").split()) if element is not None else ""
        return value[:limit] if limit else value

    def integer(self, parent, path: str) -> int | None:
        element = parent.find(path)
        if element is None or not (element.text or "").strip():
            return None
        return max(0, int(element.text.strip()))

    def place(self, coordinates) -> Place:
        if coordinates is None:
            return Place()
        address = coordinates.find(_q("adresse"))
        if address is None:
            address = coordinates if etree.QName(coordinates).localname == "adresse" else None
        name = self.text(coordinates, _q("nom")) or self.text(coordinates, _q("ligne"))
        if address is None:
            return Place(name=name[:250])
        name = name or self.text(address, _q("denomination"))
        lines = [" ".join((line.text or "").split()) for line in address.findall(_q("ligne"))]
        insee = address.find(_q("code-INSEE-commune"))
        insee_code = (insee.text or "").strip().upper() if insee is not None else ""
        if insee_code and not INSEE.match(insee_code):
            self.fail(insee, gettext_noop("« %(value)s » n'est pas un code commune INSEE"), value=insee_code)
        latitude = longitude = None
        geo = address.find(_q("geolocalisation"))
        if geo is not None:
            latitude = self.value(geo.find(_q("latitude")), coordinate, 90.0)
            longitude = self.value(geo.find(_q("longitude")), coordinate, 180.0)
        return Place(
            name=name[:250],
            address=", ".join(line for line in lines if line and line != name)[:250],
            postcode=self.text(address, _q("codepostal"), 5),
            city=self.text(address, _q("ville"), 50),
            insee_code=insee_code,
            latitude=latitude,
            longitude=longitude,
        )

    def level(self, parent, path: str) -> int | None:
        element = parent.find(path)
        if element is None:
            return None
        return LEVELS.get(int(element.text.strip()))

    def programmes(self, action) -> list[str]:
        names = []
        for extras in action.iter(_q("extras")):
            extras_info = (extras.get("info") or "").lower()
            for extra in extras.findall(_q("extra")):
                info = (extra.get("info") or "").lower()
                if any(word in info or word in extras_info for word in PROGRAMME_WORDS):
                    text = " ".join("".join(extra.itertext()).split())
                    if text and text not in names:
                        names.append(text[:200])
        return names

    def session(self, element, index: int, place: Place) -> SessionData:
        period = element.find(_q("periode"))
        start = self.value(period.find(_q("debut")), lheo_date)
        end = self.value(period.find(_q("fin")), lheo_date, end=True)
        if start and end and end < start:
            self.fail(period, gettext_noop("la fin (%(end)s) précède le début (%(start)s)"), start=start, end=end)
        if not place.city and not place.insee_code:
            place = self.place(element.find(_q("adresse-inscription")))
        return SessionData(
            key=(element.get("numero") or f"#{index}")[:100],
            start=start,
            end=end,
            recruitment=self.text(element, _q("etat-recrutement")),
            place=place,
        )

    def action(self, element, index: int) -> ActionData:
        place = self.place(element.find(f"{_q('lieu-de-formation')}/{_q('coordonnees')}"))
        funders = []
        for funder in element.findall(_q("organisme-financeur")):
            places = self.integer(funder, _q("nb-places-financees"))
            funders.append([self.text(funder, _q("code-financeur")), places])
        conventionnement = self.text(element, _q("conventionnement"))
        action = ActionData(
            key=(element.get("numero") or f"#{index}")[:100],
            rhythm=self.text(element, _q("rythme-formation"), 250),
            prerequisites=plain_text(element.findtext(_q("conditions-specifiques")) or "")[:3000],
            entry_level_required=self.text(element, _q("niveau-entree-obligatoire")) == "1",
            permanent_entry=self.text(element, _q("modalites-entrees-sorties")) == "1",
            hours_total=self.integer(element, _q("nombre-heures-total")),
            hours_centre=self.integer(element, _q("nombre-heures-centre")),
            hours_company=self.integer(element, _q("nombre-heures-entreprise")),
            duration_text=self.text(element, _q("duree-indicative"), 150),
            price=self.text(element, _q("prix-total-TTC"), 10),
            funders=funders,
            conventionne={"1": True, "0": False}.get(conventionnement),
            programmes=self.programmes(element),
            place=place,
            url=self.text(element, f"{_q('url-action')}/{_q('urlweb')}", 400),
        )
        action.sessions = [self.session(s, i, place) for i, s in enumerate(element.findall(_q("session")), 1)]
        return action

    def organisation(self, element, cache: dict) -> OrganisationData:
        siret = self.text(element, f"{_q('SIRET-organisme-formation')}/{_q('SIRET')}", 14)
        name = self.text(element, _q("nom-organisme"), 250)
        key = (element.get("numero") or siret or name)[:100]
        if key in cache:
            return cache[key]
        coordinates = element.find(f"{_q('coordonnees-organisme')}/{_q('coordonnees')}")
        place = self.place(coordinates)
        cache[key] = OrganisationData(
            key=key,
            siret=siret if siret.isdigit() else "",
            name=name,
            city=place.city,
            postcode=place.postcode,
            phone=self.text(coordinates, f"{_q('telfixe')}/{_q('numtel')}", 30) if coordinates is not None else "",
            email=self.text(coordinates, _q("courriel"), 160) if coordinates is not None else "",
            web=self.text(coordinates, f"{_q('web')}/{_q('urlweb')}", 400) if coordinates is not None else "",
        )
        return cache[key]

    def formation(self, element, index: int, organisations: dict) -> FormationData:
        codes = []
        for certification in element.findall(_q("certification")):
            for tag, prefix in (("code-RNCP", "RNCP"), ("code-RS", "RS")):
                code = certification.find(_q(tag))
                if code is not None:
                    value = self.value(code, certification_code, prefix)
                    if value not in codes:
                        codes.append(value)
        cpf = element.find(f".//{_q('certification')}/{_q('code-CPF')}")
        contact = element.find(f"{_q('contact-formation')}/{_q('coordonnees')}")
        contact_name = ""
        if contact is not None:
            contact_name = " ".join(p for p in (self.text(contact, _q("prenom")), self.text(contact, _q("nom"))) if p)
        domain = element.find(_q("domaine-formation"))
        formation = FormationData(
            key=(element.get("numero") or f"#{index}")[:100],
            title=self.text(element, _q("intitule-formation"), 255),
            objective=plain_text(element.findtext(_q("objectif-formation")) or "")[:3000],
            certifying=self.text(element, _q("certifiante")) == "1",
            entry_level=self.level(element, _q("code-niveau-entree")),
            exit_level=self.level(element, _q("code-niveau-sortie")),
            formacodes=[(e.text or "").strip() for e in domain.findall(_q("code-FORMACODE"))],
            nsf=[(e.text or "").strip() for e in domain.findall(_q("code-NSF"))],
            rome_codes=[(e.text or "").strip().upper() for e in domain.findall(_q("code-ROME"))],
            certification_codes=codes,
            cpf_code=(cpf.text or "").strip()[:10] if cpf is not None else "",
            contact_name=contact_name[:120],
            contact_phone=(
                self.text(contact, f"{_q('telfixe')}/{_q('numtel')}", 30)
                or self.text(contact, f"{_q('portable')}/{_q('numtel')}", 30)
                if contact is not None
                else ""
            ),
            contact_email=self.text(contact, _q("courriel"), 160) if contact is not None else "",
            url=self.text(element, f"{_q('url-formation')}/{_q('urlweb')}", 400),
            organisation=self.organisation(element.find(_q("organisme-formation-responsable")), organisations),
        )
        formation.actions = [self.action(a, i) for i, a in enumerate(element.findall(_q("action")), 1)]
        return formation


ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


def validate(root, name: str) -> str:
    """Check the namespace and the schema; returns the LHEO version. An LHEO 2.2 tree is renamed to 2.3 in place."""
    qname = etree.QName(root)
    version = NAMESPACES.get(qname.namespace or "")
    if version is None or qname.localname != "lheo":
        raise SourceError(
            name,
            root.sourceline,
            gettext_noop("ce n'est pas un fichier LHEO 2.2 ou 2.3 (élément racine « %(root)s »)"),
            root=qname.localname if qname.namespace is None else f"{{{qname.namespace}}}{qname.localname}",
        )
    if version == "2.2":
        for element in root.iter(etree.Element):
            element_name = etree.QName(element)
            if element_name.namespace in NAMESPACES:
                element.tag = _q(element_name.localname)
    checker = schema()
    try:
        valid = checker.validate(root)
    except etree.XMLSchemaValidateError as error:
        raise SourceError(name, None, gettext_noop("validation impossible (%(error)s)"), error=str(error)) from None
    if not valid:
        error = checker.error_log[0]
        match = ELEMENT.search(error.message)
        message = re.sub(r"\{[^}]*\}", "", error.message)
        raise SourceError(
            name,
            error.line,
            gettext_noop("élément « %(element)s » non conforme au schéma LHEO : %(detail)s"),
            element=match[1] if match else "?",
            detail=message,
        )
    return version


def parse_feed(raw: bytes, name: str) -> Feed:
    """Validate and read a whole LHEO file (raises SourceError with the line and the element)."""
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as error:
        raise SourceError(
            name, error.lineno, gettext_noop("XML invalide (%(error)s)"), error=error.msg or str(error)
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise SourceError(name, 1, gettext_noop("un fichier LHEO n'a pas de déclaration DOCTYPE : elle est refusée"))
    feed = Feed(version=validate(root, name))
    reader = _Reader(name)
    organisations: dict[str, OrganisationData] = {}
    offers = root.find(_q("offres"))
    feed.formations = [
        reader.formation(element, index, organisations)
        for index, element in enumerate(offers.findall(_q("formation")), 1)
    ]
    return feed
