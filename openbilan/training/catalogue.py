"""Turn the parsed export and title sources into one validated catalogue of certifications. No Django import.

Everything is checked in memory before the database is touched. Rules (docs/DATA.md, "Certifications"):
- title, level, type and active flag come from the Standard file when the export has one, else from the title
  sources in the order given (newest first); each field records the source that gave it;
- a certification is `replaced` when the Ancienne_Nouvelle file names a newer one, `inactive` when its source says
  INACTIVE, `expired` when a title source (older than the export) gives an end date before the export's date, else
  `current`;
- ROME codes are kept as given: an occupation code (`K1207`), a domain (`A12`, `A1200`) or a grand domain (`K00`).
"""

import datetime
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from openbilan.referential.sources import Row, SourceError, gettext_noop
from openbilan.referential.text import repair_apostrophes
from openbilan.training.rncp import CERTIFICATION_CODE, Export, fold, label_after_code
from openbilan.training.titles import Facts, Sources

STANDARD = "standard"
ROME_SCOPES = (
    (re.compile(r"^[A-N](00|0000)$"), "grand_domaine"),
    (re.compile(r"^[A-N]\d{2}(00)?$"), "domaine"),
    (re.compile(r"^[A-N]\d{4}$"), "code"),
)


@dataclass
class Catalogue:
    export_date: datetime.date
    certifications: dict[str, dict] = field(default_factory=dict)  # code -> model field values
    rome_codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (certification, ROME code) -> scope
    rome_lines: dict[tuple[str, str], int] = field(default_factory=dict)  # the line of each link, for the report
    rome_file: str = ""
    blocs: dict[tuple[str, str], str] = field(default_factory=dict)  # (certification, bloc code) -> label
    certifiers: dict[tuple[str, str], str] = field(default_factory=dict)  # (certification, SIRET) -> name
    replacements: set[tuple[str, str]] = field(default_factory=set)  # (old, new)
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)


def rome_scope(code: str) -> str | None:
    for pattern, scope in ROME_SCOPES:
        if pattern.match(code):
            return scope
    return None


class _Builder:
    def __init__(self, export: Export, rows: dict[str, list[Row]], sources: Sources):
        self.export = export
        self.rows = rows
        self.sources = sources
        self.data = Catalogue(export_date=export.export_date)

    def fail(self, role: str, row: Row | None, reason: str, **params):
        raise SourceError(self.export.files[role].name, row.line if row else None, reason, **params)

    def codes(self) -> set[str]:
        codes: set[str] = set()
        for role_rows in self.rows.values():
            for row in role_rows:
                codes.add(row["Numero_Fiche"])
        for row in self.rows["replacements"]:
            codes.update(code for code in (row["Ancienne_Certification"], row["Nouvelle_Certification"]) if code)
        return codes

    def facts(self) -> list[tuple[str, dict[str, Facts]]]:
        chain: list[tuple[str, dict[str, Facts]]] = []
        if "standard" in self.rows:
            standard: dict[str, Facts] = {}
            for row in self.rows["standard"]:
                code = row["Numero_Fiche"]
                if code in standard:
                    self.fail("standard", row, gettext_noop("« %(value)s » apparaît deux fois"), value=code)
                standard[code] = Facts(
                    title=row["Intitule"],
                    level=row["Nomenclature_Europe_Niveau"],
                    kind=row["Abrege_Intitule"] or row["Abrege_Libelle"],
                    active=row["Actif"],
                    valid_until=row["Date_Fin_Enregistrement"],
                    line=row.line,
                )
            chain.append((STANDARD, standard))
        chain += [(source.key, source.facts) for source in self.sources.titles]
        if not chain:
            raise SourceError(
                self.export.root,
                None,
                gettext_noop(
                    "l'export n'a pas de fichier Standard : donnez au moins une source de titres (--titles FICHIER)"
                ),
            )
        return chain

    def replacements(self):
        edges: dict[tuple[str, str], Row] = {}
        for row in self.rows["replacements"]:
            code, old, new = row["Numero_Fiche"], row["Ancienne_Certification"], row["Nouvelle_Certification"]
            for pair in ((old, code), (code, new)):
                if not pair[0] or not pair[1]:
                    continue
                if pair[0] == pair[1]:
                    self.fail("replacements", row, gettext_noop("« %(value)s » se remplace elle-même"), value=code)
                edges.setdefault(pair, row)
        successors: dict[str, list[str]] = defaultdict(list)
        for old, new in edges:
            successors[old].append(new)
        state: dict[str, int] = {}  # 1 visiting, 2 done: depth-first search for a cycle
        for start in sorted(successors):
            if state.get(start):
                continue
            stack = [(start, iter(sorted(successors[start])))]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    stack.pop()
                elif state.get(child) == 1:
                    path = [n for n, _ in stack] + [child]
                    path = path[path.index(child) :]
                    rows = [edges[pair] for pair in itertools.pairwise(path)]
                    self.fail(
                        "replacements",
                        max(rows, key=lambda row: row.line),  # the row that closes the loop, most likely the new one
                        gettext_noop("remplacements en boucle : %(path)s"),
                        path=" → ".join(path),
                    )
                elif not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(sorted(successors.get(child, ())))))
        self.data.replacements = set(edges)

    def links(self):
        for row in self.rows["rome"]:
            code = row["Codes_Rome_Code"].upper()
            scope = rome_scope(code)
            if scope is None:
                self.fail(
                    "rome", row, gettext_noop("« %(value)s » n'est ni un code ROME ni un domaine"), value=code[:40]
                )
            self.data.rome_codes[(row["Numero_Fiche"], code)] = scope
            self.data.rome_lines.setdefault((row["Numero_Fiche"], code), row.line)
        self.data.rome_file = self.export.files["rome"].name
        for row in self.rows["blocs"]:
            key = (row["Numero_Fiche"], row["Bloc_Competences_Code"])
            if key in self.data.blocs:
                self.fail("blocs", row, gettext_noop("« %(value)s » apparaît deux fois"), value=key[1])
            self.data.blocs[key] = repair_apostrophes(row["Bloc_Competences_Libelle"]) or key[1]
        for row in self.rows["certifiers"]:
            self.data.certifiers.setdefault((row["Numero_Fiche"], row["Siret_Certificateur"]), row["Nom_Certificateur"])

    def certifications(self, codes: set[str]):
        chain = self.facts()
        nsf, formacodes = defaultdict(dict), defaultdict(dict)
        for row in self.rows["nsf"]:
            nsf[row["Numero_Fiche"]].setdefault(row["Nsf_Code"], label_after_code(row["Nsf_Intitule"]))
        for row in self.rows["formacode"]:
            formacodes[row["Numero_Fiche"]].setdefault(
                row["Formacode_Code"], label_after_code(row["Formacode_Libelle"])
            )
        vae: dict[str, bool] = {}
        for row in self.rows.get("access", ()):
            vae[row["Numero_Fiche"]] = vae.get(row["Numero_Fiche"], False) or "experience" in fold(row["Si_Jury"])
        replaced = {old for old, _ in self.data.replacements}
        months = self.typical_months()
        export_date = self.data.export_date
        for code in sorted(codes):
            match = CERTIFICATION_CODE.match(code)
            values = {
                "code": code,
                "registry": match[1],
                "number": int(match[2]),
                "title": "",
                "title_source": "",
                "level": None,
                "level_source": "",
                "kind": "",
                "is_active": None,
                "active_source": "",
                "valid_until": None,
            }
            for key, facts_by_code in chain:
                facts = facts_by_code.get(code)
                if facts is None:
                    continue
                if not values["title_source"] and facts.title:
                    values["title"], values["title_source"] = repair_apostrophes(facts.title)[:500], key
                if not values["level_source"] and facts.level is not None:
                    values["level"], values["level_source"] = facts.level, key
                if not values["kind"] and facts.kind:
                    values["kind"] = facts.kind[:200]
                if not values["active_source"] and facts.active is not None:
                    values["is_active"], values["active_source"] = facts.active, key
                    values["valid_until"] = facts.valid_until
            if code in replaced:
                status = "replaced"
            elif values["is_active"] is False:
                status = "inactive"
            elif (
                values["active_source"] != STANDARD
                and values["valid_until"] is not None
                and values["valid_until"] < export_date
            ):
                status = "expired"
            else:
                status = "current"
            values.update(
                vae=vae.get(code),
                typical_months=months.get(code),
                nsf=sorted([k, v] for k, v in nsf.get(code, {}).items()),
                formacodes=sorted([k, v] for k, v in formacodes.get(code, {}).items()),
                status=status,
            )
            self.data.certifications[code] = values

    def typical_months(self) -> dict[str, int]:
        """The shortest ONISEP duration among the formations that prepare the certification (linked by the table de
        passage's Idéo id, or by the RNCP page of the formation)."""
        onisep = self.sources.onisep
        found: dict[str, set[int]] = defaultdict(set)
        for formation in onisep.values():
            if formation.certification and formation.months:
                found[formation.certification].add(formation.months)
        for source in self.sources.titles:
            for code, ids in source.onisep_ids.items():
                found[code].update(onisep[i].months for i in ids if i in onisep and onisep[i].months)
        return {code: min(values) for code, values in found.items() if values}

    def coverage(self):
        counts: dict[str, dict[str, int]] = {"status": defaultdict(int)}
        for field_name in ("title_source", "level_source", "active_source"):
            counts[field_name] = defaultdict(int)
        linked = {code for code, _ in self.data.rome_codes}
        counts["linked"] = defaultdict(int)
        for code, values in self.data.certifications.items():
            counts["status"][values["status"]] += 1
            for field_name in ("title_source", "level_source", "active_source"):
                counts[field_name][values[field_name] or "none"] += 1
            if code in linked:
                counts["linked"]["total"] += 1
                counts["linked"]["titled"] += bool(values["title"])
                if values["status"] == "current":
                    counts["linked"]["current"] += 1
                    counts["linked"]["current_titled"] += bool(values["title"])
        self.data.coverage = {key: dict(value) for key, value in counts.items()}

    def build(self) -> Catalogue:
        codes = self.codes()
        self.replacements()
        self.links()
        self.certifications(codes)
        self.coverage()
        return self.data


def build_catalogue(export: Export, rows: dict[str, list[Row]], sources: Sources) -> Catalogue:
    """Validate the parsed files against each other and assemble the catalogue (raises SourceError)."""
    return _Builder(export, rows, sources).build()
