#!/usr/bin/env python3
"""Build data/training/ (the compact copy of the certification data the platform ships) from the staged files.

    .venv/bin/python scripts/build_training_data.py [--source ../shared/data/certifications]

The copy keeps each publisher's layout (file names, `;`-separated CSV with the official header names, the XML
element names), so that `manage.py import_certifications` reads it and the full official files with the same code.
It keeps only the columns the platform uses, and in the title sources only the certifications the export names;
files are gzipped with a fixed timestamp, so the same sources always give byte-identical files. The two tables of
correspondences of 2021 are written in UTF-8 (the originals are cp1252; the importer reads both).
"""

import argparse
import csv
import datetime
import gzip
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openbilan.training import lheo_writer, rncp  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "certifications"
DEFAULT_GEO = ROOT.parent / "shared" / "data" / "geo"
TARGET = ROOT / "data" / "training"
EXPORT_COLUMNS = {
    "rome": ["Numero_Fiche", "Codes_Rome_Code"],
    "formacode": ["Numero_Fiche", "Formacode_Code", "Formacode_Libelle"],
    "nsf": ["Numero_Fiche", "Nsf_Code", "Nsf_Intitule"],
    "certifiers": ["Numero_Fiche", "Siret_Certificateur", "Nom_Certificateur"],
    "replacements": ["Numero_Fiche", "Ancienne_Certification", "Nouvelle_Certification"],
    "blocs": ["Numero_Fiche", "Bloc_Competences_Code", "Bloc_Competences_Libelle"],
}
KIT_COLUMNS = [
    "Code Diplôme", "FicheRNCP", "Niveau fiche RNCP", "Abrégé de diplôme (RNCP)", "Date d'échéance de la fiche RNCP",
    "Fiche ACTIVE/INACTIVE", "Intitulé certification (RNCP)",
]  # fmt: skip
RNCP_INFO_COLUMNS = [
    "CodeRNCP", "intituleDiplome", "date_fin_validite_enregistrement", "ActiveInactive", "NiveauEurope", "TypeCertif",
]  # fmt: skip
CODES_DIPLOMES_COLUMNS = ["CodeDiplome", "Intitule", "CodeRNCP", "Niveau2019", "Fiche RNCP active/inactive"]
TABLE_ELEMENTS = ["ci_niveau_europeen", "ci_intitule_type_diplome", "ci_code_rncp", "rncp_intitule"]


def _gzip(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(data)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


def _read(path: Path, encoding: str = "utf-8-sig") -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode(encoding)


def _csv(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    return [name.strip() for name in reader.fieldnames], [{k.strip(): v for k, v in row.items()} for row in reader]


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[column] for column in columns])
    _gzip(path, buffer.getvalue().encode("utf-8"))


def _kept_codes(tables: dict[str, list[dict]]) -> set[str]:
    """The certifications the platform can show: those linked to a ROME code, and every certification connected to
    one of them by replacements (older or newer versions, however far)."""
    neighbours: dict[str, set[str]] = {}
    for row in tables["replacements"]:
        code = row["Numero_Fiche"]
        for other in (row["Ancienne_Certification"], row["Nouvelle_Certification"]):
            if other:
                neighbours.setdefault(code, set()).add(other)
                neighbours.setdefault(other, set()).add(code)
    kept = {row["Numero_Fiche"] for row in tables["rome"]}
    stack = list(kept)
    while stack:
        for other in neighbours.get(stack.pop(), ()):
            if other not in kept:
                kept.add(other)
                stack.append(other)
    return kept


def export(source: Path) -> set[str]:
    """The 2026 export (and the blocs file of 2024): only the used columns, and only the rows of the certifications
    the platform can show (_kept_codes). Returns those codes."""
    files = sorted(source.glob("rncp_*/*.csv.gz")) + sorted(source.glob("export_fiches_CSV_Blocs*.csv.gz"))
    tables: dict[str, tuple[Path, list[dict]]] = {}
    for path in files:
        role = rncp._role(path.name.removesuffix(".gz"))
        if role is not None and role[0] in EXPORT_COLUMNS:
            tables[role[0]] = (path, _csv(_read(path))[1])
    kept = _kept_codes({role: rows for role, (_, rows) in tables.items()})
    for role, (path, rows) in tables.items():
        if role != "replacements":
            rows = [row for row in rows if row["Numero_Fiche"] in kept]
        _write_csv(TARGET / "rncp" / path.name, EXPORT_COLUMNS[role], rows)
    return kept


def titles(source: Path, codes: set[str]) -> set[str]:
    """The title sources, restricted to the export's certifications. Returns the ONISEP ids the table names."""
    folder = source / "titles"
    kit_path = next(folder.glob("Kit_apprentissage_*.csv.gz"))
    _, rows = _csv(_read(kit_path))
    seen, kept = set(), []
    for row in rows:
        if row["FicheRNCP"] in codes and row["FicheRNCP"] not in seen:
            seen.add(row["FicheRNCP"])
            kept.append(row)
    _write_csv(TARGET / "titles" / kit_path.name, KIT_COLUMNS, kept)
    for name, columns in (
        ("rncp_info.v1.4.csv.gz", RNCP_INFO_COLUMNS),
        ("codes_diplomes.v1.4.csv.gz", CODES_DIPLOMES_COLUMNS),
    ):
        _, rows = _csv(_read(folder / name, "cp1252"))
        _write_csv(TARGET / "titles" / name, columns, [row for row in rows if row["CodeRNCP"] in codes])
    table_path = next(folder.glob("table_de_passage_*.xml.gz"))
    root = etree.fromstring(_read(table_path, "utf-8").encode(), etree.XMLParser(resolve_entities=False))
    out = etree.Element("root")
    ideo_ids = set()
    for item in root.iter("item"):
        number = (item.findtext("ci_code_rncp") or "").strip()
        if not number or f"RNCP{number}" not in codes:
            continue
        copy = etree.SubElement(out, "item")
        for tag in [*TABLE_ELEMENTS, "ideo_identifiant_formation"]:
            etree.SubElement(copy, tag).text = item.findtext(tag) or ""
        if item.findtext("ideo_identifiant_formation"):
            ideo_ids.add(item.findtext("ideo_identifiant_formation").strip())
        copy.tail = "\n"
    out.text = "\n"
    _gzip(TARGET / "titles" / table_path.name, etree.tostring(out, xml_declaration=True, encoding="UTF-8"))
    return ideo_ids


def onisep(source: Path, codes: set[str], ideo_ids: set[str]) -> None:
    """ONISEP Idéo formations: identifier, duration and RNCP page of the formations linked to the export's codes."""
    zip_path = next((source / "onisep").glob("Onisep_Ideo_Fiches_Formations_*.zip"))
    with zipfile.ZipFile(zip_path) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".xml"))
        root = etree.fromstring(archive.read(member), etree.XMLParser(resolve_entities=False, huge_tree=True))
    out = etree.Element("formations")
    out.text = "\n"
    for formation in root.iter("formation"):
        identifier = (formation.findtext("identifiant") or "").strip()
        url = formation.findtext("url") or ""
        page = rncp_page(url)
        if not (formation.findtext("duree_formation") or "").strip():
            continue
        if identifier not in ideo_ids and page not in codes:
            continue
        copy = etree.SubElement(out, "formation")
        for tag in ("identifiant", "libelle_complet", "duree_formation", "url"):
            etree.SubElement(copy, tag).text = formation.findtext(tag) or ""
        copy.tail = "\n"
    name = Path(member).name + ".gz"
    _gzip(TARGET / "onisep" / name, etree.tostring(out, xml_declaration=True, encoding="UTF-8"))


def rncp_page(url: str) -> str:
    from openbilan.training.titles import RNCP_PAGE

    match = RNCP_PAGE.search(url)
    return f"RNCP{int(match[1])}" if match else ""


# --- the demo feed -------------------------------------------------------------------------------------------------

DEMO_COMMUNES = {  # INSEE code -> official name (coordinates and postcode are read from the geo files)
    "14118": "Caen", "14327": "Hérouville-Saint-Clair", "76540": "Rouen", "76351": "Le Havre",
    "50129": "Cherbourg-en-Cotentin", "61001": "Alençon", "27229": "Évreux", "14366": "Lisieux", "50502": "Saint-Lô",
    "76217": "Dieppe", "14047": "Bayeux", "14762": "Vire Normandie",
}  # fmt: skip
DEMO_ORGANISATIONS = {
    "ouest": ("Centre de formation démo Normandie Ouest", "14118"),
    "seine": ("Centre de formation démo Vallée de Seine", "76540"),
}
PROGRAMME = "Programme régional de formation (démonstration)"
# (certification, formation title, ROME codes, LHEO exit level, hours total/centre/company, funders, CPF,
#  regional programme, prerequisites, organisation, sessions: (INSEE code, start, end))
DEMO_OFFERS = [
    ("RNCP36241", "Médiateur social accès aux droits et services (titre professionnel)", ("K1204",), "14",
     (910, 700, 210), (("2", 12), ("4", 4)), True, True,
     "Savoir lire et écrire le français. Une expérience de l'accueil du public est un plus.", "ouest",
     (("14118", "20270111", "20270709"), ("76540", "20270301", "20270924"))),
    ("RNCP39643", "Diplôme d'État de moniteur éducateur", ("K1207",), "14", (1900, 950, 950), (("2", 20),), False,
     True, "Épreuves d'admission (un écrit et un oral). Aucun diplôme n'est exigé pour s'y présenter.", "ouest",
     (("14327", "20270906", "20290629"), ("76351", "20270913", "20290629"))),
    ("RNCP41254", "Assistant commercial (titre professionnel)", ("D1401",), "15", (805, 595, 210),
     (("4", 10), ("16", None)), True, False, "Niveau baccalauréat ou expérience de la vente.", "seine",
     (("76540", "20270201", "20270820"), ("27229", "20270405", "20271029"))),
    ("RNCP37682", "Technicien supérieur systèmes et réseaux (titre professionnel)", ("I1401", "M1810"), "15",
     (1295, 1015, 280), (("2", 14),), True, True, "Niveau baccalauréat ; un test de positionnement est proposé.",
     "ouest", (("14118", "20270118", "20271119"), ("50129", "20270315", "20280121"))),
    ("RNCP38565", "CAP Accompagnant éducatif petite enfance (parcours adultes)", ("K1303",), "13", (630, 420, 210),
     (("2", 12), ("4", 6)), True, True, "Aucun diplôme exigé. Un entretien de motivation.", "ouest",
     (("61001", "20270104", "20270611"), ("14366", "20270308", "20270813"))),
    ("RNCP40692", "Diplôme d'État d'aide-soignant", ("J1501",), "14", (1540, 770, 770), (("2", 25),), False, True,
     "Sélection sur dossier et entretien.", "ouest",
     (("50502", "20270104", "20271126"), ("76217", "20270906", "20280630"))),
    ("RNCP37275", "Formateur professionnel d'adultes (titre professionnel)", ("K2111",), "15", (875, 665, 210),
     (("4", 8), ("10", None)), True, False, "Une expérience professionnelle de trois ans dans un métier.", "ouest",
     (("14118", "20270222", "20270917"),)),
    ("RNCP37715", "Assistant de vie aux familles (titre professionnel)", ("K1302",), "13", (560, 420, 140),
     (("2", 12),), True, True, "Aucun diplôme exigé.", "ouest",
     (("14047", "20270125", "20270604"), ("14762", "20270405", "20270827"))),
]  # fmt: skip


def _communes(geo: Path) -> dict[str, lheo_writer.Where]:
    """The demo communes with their postcode and point, from the La Poste and geopoint files."""
    points = {}
    for row in csv.DictReader(io.StringIO(_read(geo / "communes_geopoints_2025.csv.gz")), delimiter=";"):
        if row["Code_Officiel_Commune"] in DEMO_COMMUNES:
            points[row["Code_Officiel_Commune"]] = (float(row["latitude"]), float(row["longitude"]))
    postcodes = {}
    for row in csv.DictReader(io.StringIO(_read(geo / "communes_codes_postaux.csv.gz"))):
        if row["Code_commune_INSEE"] in DEMO_COMMUNES:
            postcodes.setdefault(row["Code_commune_INSEE"], row["Code_postal"])
    return {code: lheo_writer.Where(code, name, postcodes[code], *points[code]) for code, name in DEMO_COMMUNES.items()}


def demo(geo: Path) -> None:
    """A small LHEO 2.3 feed for the demo: real current certifications, real Normandie communes, fictitious
    organisations (every page that shows one of its sessions says it is a demonstration session)."""
    communes = _communes(geo)
    organisations = {
        key: lheo_writer.OrganisationSpec(
            numero=f"demo-{key}", name=name, place=communes[insee], email="formation@demo.openbilan.fr"
        )
        for key, (name, insee) in DEMO_ORGANISATIONS.items()
    }
    offers = []
    for index, (
        code,
        title,
        romes,
        level,
        hours,
        funders,
        cpf,
        regional,
        prerequisites,
        organisation,
        sessions,
    ) in enumerate(DEMO_OFFERS, 1):
        offers.append(
            lheo_writer.OfferSpec(
                numero=f"demo-{index}",
                title=title,
                certification=code,
                organisation=organisations[organisation],
                sessions=tuple(
                    lheo_writer.SessionSpec(
                        numero=f"demo-{index}-{number}",
                        start=datetime.datetime.strptime(start, "%Y%m%d").date(),
                        end=datetime.datetime.strptime(end, "%Y%m%d").date(),
                        place=communes[insee],
                        place_name=f"Centre démo de {communes[insee].city}",
                    )
                    for number, (insee, start, end) in enumerate(sessions, 1)
                ),
                rome_codes=romes,
                exit_level=level,
                hours=hours,
                funders=funders,
                cpf_code=code.removeprefix("RNCP") if cpf else "",
                programme=PROGRAMME if regional else "",
                prerequisites=prerequisites,
                objective=f"Préparer la certification {code} : {title}. Session de démonstration.",
            )
        )
    target = TARGET / "demo" / "offres-demo-normandie.lheo.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(lheo_writer.write_feed(offers))
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the staged certification files")
    parser.add_argument("--geo", type=Path, default=DEFAULT_GEO, help="the staged geo files (for the demo feed)")
    args = parser.parse_args()
    demo(args.geo)
    codes = export(args.source)
    ideo_ids = titles(args.source, codes)
    onisep(args.source, codes, ideo_ids)
    schema = args.source / "lheo" / "lheo-2.3.xsd"
    _gzip(TARGET / "lheo" / "lheo-2.3.xsd.gz", schema.read_bytes())
    example = (args.source / "lheo" / "exemple-bts-onisep-lheo-2.2.xml").read_bytes()
    target = TARGET / "lheo" / "exemple-bts-onisep-lheo-2.3.xml"
    target.write_bytes(example.replace(b"http://www.lheo.org/2.2", b"http://lheo.gouv.fr/2.3"))
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
