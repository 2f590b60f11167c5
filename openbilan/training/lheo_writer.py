"""Write a small valid LHEO 2.3 file from plain data. No Django import.

Used to write the demo feed (scripts/build_training_data.py), the feeds of the tests and the regional feed of the
benchmark; `lheo.parse_feed` reads what it writes. Elements come in the order the LHEO 2.3 schema requires.
"""

import datetime
from dataclasses import dataclass

from lxml import etree

from openbilan.training.lheo import NS23


@dataclass(frozen=True)
class Where:
    """A commune and, when known, its point."""

    insee: str
    city: str
    postcode: str
    latitude: float | None = None
    longitude: float | None = None
    line: str = ""


@dataclass(frozen=True)
class SessionSpec:
    numero: str
    start: datetime.date | None
    end: datetime.date | None
    place: Where
    place_name: str = ""


@dataclass(frozen=True)
class OrganisationSpec:
    numero: str
    name: str
    place: Where
    siret: str = "00000000000000"
    phone: str = "02 00 00 00 00"
    email: str = "formation@example.org"


@dataclass(frozen=True)
class OfferSpec:
    numero: str
    title: str
    certification: str  # RNCP36241 or RS5000
    organisation: OrganisationSpec
    sessions: tuple[SessionSpec, ...]
    rome_codes: tuple[str, ...] = ()
    exit_level: str = "0"  # an LHEO dict-niveaux code
    hours: tuple[int, int, int] | None = None  # total, in centre, in company
    funders: tuple[tuple[str, int | None], ...] = ()
    cpf_code: str = ""
    programme: str = ""
    prerequisites: str = "-"
    objective: str = ""


def _sub(parent, name: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{NS23}}}{name}", **attributes)
    if text is not None:
        element.text = text
    return element


def _date(value: datetime.date | None) -> str:
    return value.strftime("%Y%m%d") if value else "00000000"


def _address(parent, where: Where, line: str) -> None:
    address = _sub(parent, "adresse")
    _sub(address, "ligne", (where.line or line)[:50])
    _sub(address, "codepostal", where.postcode)
    _sub(address, "ville", where.city[:50])
    _sub(address, "departement", where.insee[:2])
    _sub(address, "code-INSEE-commune", where.insee)
    _sub(address, "pays", "FR")
    if where.latitude is not None and where.longitude is not None:
        geo = _sub(address, "geolocalisation")
        _sub(geo, "latitude", f"{where.latitude:.6f}")
        _sub(geo, "longitude", f"{where.longitude:.6f}")


def _coordinates(parent, tag: str, organisation: OrganisationSpec, name: str = "") -> None:
    coordinates = _sub(_sub(parent, tag), "coordonnees")
    if name:
        _sub(coordinates, "nom", name)
    _address(coordinates, organisation.place, organisation.name)
    _sub(_sub(coordinates, "telfixe"), "numtel", organisation.phone)
    _sub(coordinates, "courriel", organisation.email)


def _formation(offers, offer: OfferSpec) -> None:
    formation = _sub(offers, "formation", numero=offer.numero)
    domain = _sub(formation, "domaine-formation")
    for code in offer.rome_codes:
        _sub(domain, "code-ROME", code)
    _sub(formation, "intitule-formation", offer.title)
    _sub(formation, "objectif-formation", offer.objective or f"Préparer la certification {offer.certification}.")
    _sub(formation, "resultats-attendus", f"Certification {offer.certification}.")
    _sub(formation, "contenu-formation", "Formation en centre et stages en entreprise.")
    _sub(formation, "certifiante", "1")
    _coordinates(formation, "contact-formation", offer.organisation, "Accueil formation")
    _sub(formation, "parcours-de-formation", "1")
    _sub(formation, "code-niveau-entree", "0")
    certification = _sub(formation, "certification")
    registry = "RS" if offer.certification.startswith("RS") else "RNCP"
    _sub(certification, f"code-{registry}", offer.certification.removeprefix(registry))
    if offer.cpf_code:
        _sub(certification, "code-CPF", offer.cpf_code)
    _sub(formation, "code-niveau-sortie", offer.exit_level)
    for session in offer.sessions:
        action = _sub(formation, "action", numero=session.numero)
        _sub(action, "rythme-formation", "Temps plein, en centre et en entreprise")
        _sub(action, "code-public-vise", "83056")
        _sub(action, "niveau-entree-obligatoire", "0")
        _sub(action, "modalites-alternance", "Stages en entreprise")
        _sub(action, "modalites-enseignement", "0")
        _sub(action, "conditions-specifiques", offer.prerequisites)
        _sub(action, "prise-en-charge-frais-possible", "1")
        place = _sub(_sub(action, "lieu-de-formation"), "coordonnees")
        _sub(place, "nom", session.place_name or f"Centre de {session.place.city}"[:50])
        _address(place, session.place, "Centre de formation")
        _sub(action, "modalites-entrees-sorties", "0")
        element = _sub(action, "session", numero=session.numero)
        period = _sub(element, "periode")
        _sub(period, "debut", _date(session.start))
        _sub(period, "fin", _date(session.end))
        _address(_sub(element, "adresse-inscription"), session.place, "Accueil formation")
        _sub(element, "etat-recrutement", "1")
        if offer.hours:
            _sub(action, "duree-indicative", f"{offer.hours[0]} heures")
            _sub(action, "nombre-heures-centre", str(offer.hours[1]))
            _sub(action, "nombre-heures-entreprise", str(offer.hours[2]))
            _sub(action, "nombre-heures-total", str(offer.hours[0]))
        _sub(action, "conventionnement", "1" if offer.programme else "0")
        for code, places in offer.funders:
            funder = _sub(action, "organisme-financeur")
            _sub(funder, "code-financeur", code)
            if places:
                _sub(funder, "nb-places-financees", str(places))
        if offer.programme:
            _sub(_sub(action, "extras", info="programmes"), "extra", offer.programme, info="programme-regional")
    organisation = offer.organisation
    responsible = _sub(formation, "organisme-formation-responsable", numero=organisation.numero)
    _sub(responsible, "numero-activite", "00000000000")
    _sub(_sub(responsible, "SIRET-organisme-formation"), "SIRET", organisation.siret)
    _sub(responsible, "nom-organisme", organisation.name)
    _sub(responsible, "raison-sociale", organisation.name)
    coordinates = _sub(_sub(responsible, "coordonnees-organisme"), "coordonnees")
    _address(coordinates, organisation.place, organisation.name)
    _sub(_sub(coordinates, "telfixe"), "numtel", organisation.phone)
    _sub(coordinates, "courriel", organisation.email)
    _coordinates(responsible, "contact-organisme", organisation, "Accueil formation")


def write_feed(offers: list[OfferSpec], *, indent: bool = True) -> bytes:
    """An LHEO 2.3 document holding one formation per offer, one action and one session per session spec."""
    root = etree.Element(f"{{{NS23}}}lheo", nsmap={None: NS23})
    element = _sub(root, "offres")
    for offer in offers:
        _formation(element, offer)
    if indent:
        etree.indent(root, space=" ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
