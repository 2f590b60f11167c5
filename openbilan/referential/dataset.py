"""Turn the parsed official files into one validated, self-consistent dataset ready to write. No Django import.

Everything is checked here, in memory, before the database is touched: a reference to an unknown code stops the
import with the file and line that holds it.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from openbilan.referential import profiles
from openbilan.referential.sources import Row, SourceError, gettext_noop
from openbilan.referential.text import forms_column, normalise, repair_apostrophes

SKILL_BLOC, CONTEXT_BLOC = 5, 6
DEFINITION_BLOC, ACCESS_BLOC = 3, 4
RUBRIQUE_KIND = {1: "savoir_faire", 2: "savoir_etre", 3: "savoir"}
CORE_LEVELS = {"": "", "principale": "main", "émergente": "emerging", "emergente": "emerging"}
ROME_RELATIONS = {"exactmatch", "closematch", "narrowmatch", "broadmatch"}
ONET_MATCHES = ROME_RELATIONS | {"exactisco"}
_SLASH = re.compile(r"\s*/\s*")  # "aviculteur/avicultrice" -> "aviculteur / avicultrice"


@dataclass
class Dataset:
    rome_version: str
    grands_domaines: dict[str, str] = field(default_factory=dict)
    domaines: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (label, grand domaine code)
    occupations: dict[str, dict] = field(default_factory=dict)  # code_rome -> field values (domaine as a code)
    appellations: dict[int, dict] = field(default_factory=dict)
    titles: list[dict] = field(default_factory=list)
    centres: dict[int, dict] = field(default_factory=dict)
    centre_links: dict[tuple[str, int], bool] = field(default_factory=dict)  # (code_rome, centre) -> principal
    skills: dict[int, dict] = field(default_factory=dict)
    skill_links: dict[tuple[str, int], str] = field(default_factory=dict)  # (code_rome, skill) -> core level
    contexts: dict[int, dict] = field(default_factory=dict)
    context_links: set[tuple[str, int]] = field(default_factory=set)
    mobilities: dict[tuple[str, str], int] = field(default_factory=dict)  # (source, target) -> order
    sectors: dict[int, dict] = field(default_factory=dict)  # code -> label, definition, parent code
    sector_links: dict[tuple[str, int], bool] = field(default_factory=dict)
    interest_coverage: dict[str, int] = field(default_factory=dict)
    values_coverage: dict[str, int] = field(default_factory=dict)


class _Builder:
    def __init__(self, rows: dict[str, list[Row]], names: dict[str, str], rome_version: str):
        self.rows = rows
        self.names = names
        self.data = Dataset(rome_version=rome_version)

    def fail(self, key: str, row: Row | None, reason: str, **params):
        raise SourceError(self.names[key], row.line if row else None, reason, **params)

    def unknown_code(self, key: str, row: Row, column: str = "code_rome"):
        self.fail(key, row, gettext_noop("code ROME inconnu « %(code)s »"), code=row[column])

    def duplicate(self, key: str, row: Row, value):
        self.fail(key, row, gettext_noop("« %(value)s » apparaît deux fois"), value=value)

    # --- ROME ----------------------------------------------------------------------------------------------------

    def domains(self):
        for row in self.rows["grand_domaine"]:
            self.data.grands_domaines[row["code_grand_domaine"]] = row["libelle_grand_domaine"]
        for row in self.rows["domaine_professionnel"]:
            code = row["code_domaine_professionnel"]
            if code[:1] not in self.data.grands_domaines:
                self.fail(
                    "domaine_professionnel", row, gettext_noop("grand domaine inconnu pour « %(code)s »"), code=code
                )
            self.data.domaines[code] = (row["libelle_domaine_professionnel"], code[:1])

    def occupations(self):
        occupations = self.data.occupations
        seen_ogr: set[int] = set()
        for row in self.rows["referentiel_code_rome"]:
            code = row["code_rome"]
            if code in occupations:
                self.duplicate("referentiel_code_rome", row, code)
            if row["code_ogr"] in seen_ogr:
                self.duplicate("referentiel_code_rome", row, row["code_ogr"])
            seen_ogr.add(row["code_ogr"])
            occupations[code] = {
                "code_ogr": row["code_ogr"],
                "label": row["libelle_rome"],
                "parent_code": row["code_rome_parent"],
                "transition_eco": row["transition_eco"],
                "transition_num": row["transition_num"],
                "transition_demo": row["transition_demo"],
                "regulated": row["emploi_reglemente"],
                "executive": row["emploi_cadre"],
                "domaine": None,
                "riasec_majeur": "",
                "riasec_mineur": "",
                "definition": "",
                "access": "",
                "_line": row.line,
            }
        for values in occupations.values():
            if values["parent_code"] not in occupations:
                self.fail(
                    "referentiel_code_rome",
                    Row(values["_line"], {}),
                    gettext_noop("code ROME parent inconnu « %(code)s »"),
                    code=values["parent_code"],
                )
        for row in self.rows["cr_gd_dp"]:
            if row["code_rome"] not in occupations:
                self.unknown_code("cr_gd_dp", row)
            if row["code_domaine_professionel"] not in self.data.domaines:
                self.fail(
                    "cr_gd_dp",
                    row,
                    gettext_noop("domaine professionnel inconnu « %(code)s »"),
                    code=row["code_domaine_professionel"],
                )
            occupations[row["code_rome"]]["domaine"] = row["code_domaine_professionel"]
        for row in self.rows["referentiel_code_rome_riasec"]:
            if row["code_rome"] not in occupations:
                self.unknown_code("referentiel_code_rome_riasec", row)
            occupations[row["code_rome"]]["riasec_majeur"] = row["riasec_majeur"]
            occupations[row["code_rome"]]["riasec_mineur"] = row["riasec_mineur"]
        for code, values in occupations.items():
            if values["domaine"] is None:
                self.fail("cr_gd_dp", None, gettext_noop("aucun domaine professionnel pour %(code)s"), code=code)
            if not values["riasec_majeur"]:
                self.fail(
                    "referentiel_code_rome_riasec", None, gettext_noop("aucun code RIASEC pour %(code)s"), code=code
                )
        self.texts()

    def texts(self):
        sentences: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
        for row in self.rows["texte"]:
            if row["code_rome"] not in self.data.occupations:
                self.unknown_code("texte", row)
            if row["code_compo_bloc"] in (DEFINITION_BLOC, ACCESS_BLOC) and row["libelle_texte"]:
                sentences[(row["code_rome"], row["code_compo_bloc"])].append(
                    (row["position_phrase"], repair_apostrophes(row["libelle_texte"]))
                )
        for (code, bloc), parts in sentences.items():
            text = "\n".join(sentence for _, sentence in sorted(parts))
            self.data.occupations[code]["definition" if bloc == DEFINITION_BLOC else "access"] = text

    def appellations(self):
        occupations = self.data.occupations
        for row in self.rows["referentiel_appellation"]:
            if row["code_rome"] not in occupations:
                self.unknown_code("referentiel_appellation", row)
            if row["code_ogr"] in self.data.appellations:
                self.duplicate("referentiel_appellation", row, row["code_ogr"])
            self.data.appellations[row["code_ogr"]] = {
                "occupation": row["code_rome"],
                "label": row["libelle_appellation_long"],
                "short_label": row["libelle_appellation_court"],
                "is_principal": row["classification"],
                "rarely_used": bool(row["peu_usite"]),
            }
        self.search_titles()

    def search_titles(self):
        """Every appellation is a title; an occupation's label is one too when none of its appellations repeats it."""
        titles = []
        covered = set()
        for code_ogr, appellation in self.data.appellations.items():
            text = normalise(appellation["label"])
            covered.add((appellation["occupation"], text))
            titles.append(
                {
                    "occupation": appellation["occupation"],
                    "appellation": code_ogr,
                    "label": appellation["label"],
                    "search_text": text,
                    "is_principal": appellation["is_principal"],
                    "rarely_used": appellation["rarely_used"],
                }
            )
        for code, values in self.data.occupations.items():
            text = normalise(values["label"])
            if (code, text) not in covered:
                titles.append(
                    {
                        "occupation": code,
                        "appellation": None,
                        "label": values["label"],
                        "search_text": text,
                        "is_principal": True,
                        "rarely_used": False,
                    }
                )
        titles.sort(key=lambda t: (t["search_text"], t["label"], t["occupation"], t["appellation"] or 0))
        for rank, title in enumerate(titles, start=1):
            title["sort_rank"] = rank
            title["forms"] = forms_column(title["label"])
            title["text_length"] = len(title["search_text"])
        self.data.titles = titles

    def centres(self):
        for row in self.rows["centre_interet"]:
            self.data.centres[row["code_centre_interet"]] = {
                "label": row["libelle_centre_interet"],
                "definition": repair_apostrophes(row["definition_centre_interet"]),
            }
        for row in self.rows["arborescence_centre_interet"]:
            if row["code_rome"] not in self.data.occupations:
                self.unknown_code("arborescence_centre_interet", row)
            if row["code_centre_interet"] not in self.data.centres:
                self.fail(
                    "arborescence_centre_interet",
                    row,
                    gettext_noop("centre d'intérêt inconnu « %(code)s »"),
                    code=row["code_centre_interet"],
                )
            self.data.centre_links[(row["code_rome"], row["code_centre_interet"])] = row["principal"]

    def skills_and_contexts(self):
        for row in self.rows["referentiel_competence"]:
            kind = "savoir_etre" if row["cat_comp"].lower().startswith("savoir-être") else "savoir_faire"
            self.data.skills[row["code_ogr"]] = {
                "label": row["libelle_competence"],
                "kind": kind,
                "is_macro": row["nature"].lower().startswith("macro"),
                "category": row["cat_comp"],
                "subcategory": row["sous_cat_comp"],
            }
        for row in self.rows["referentiel_savoir"]:
            if row["code_ogr_savoir"] in self.data.skills:
                self.duplicate("referentiel_savoir", row, row["code_ogr_savoir"])
            self.data.skills[row["code_ogr_savoir"]] = {
                "label": row["libelle_savoir"],
                "kind": "savoir",
                "is_macro": False,
                "category": row["categorie_savoir"],
                "subcategory": row["sous_categorie_savoir"],
            }
        for row in self.rows["referentiel_contexte_travail"]:
            self.data.contexts[row["code_ogr"]] = {
                "label": row["libelle_cont_travail"],
                "type_code": row["code_type_cont_trav"],
                "type_label": row["libelle_type_cont_trav"],
            }
        for row in self.rows["liens_rome_referentiels"]:
            bloc, code, ogr = row["code_compo_bloc"], row["code_rome"], row["code_ogr"]
            if bloc not in (SKILL_BLOC, CONTEXT_BLOC):
                continue
            if code not in self.data.occupations:
                self.unknown_code("liens_rome_referentiels", row)
            if bloc == SKILL_BLOC:
                if row["code_rubrique"] not in RUBRIQUE_KIND:
                    self.fail(
                        "liens_rome_referentiels",
                        row,
                        gettext_noop("rubrique inconnue « %(value)s »"),
                        value=row["code_rubrique"],
                    )
                if ogr not in self.data.skills:
                    self.fail(
                        "liens_rome_referentiels", row, gettext_noop("compétence inconnue « %(code)s »"), code=ogr
                    )
                self.data.skill_links[(code, ogr)] = ""
            else:
                if ogr not in self.data.contexts:
                    self.fail(
                        "liens_rome_referentiels",
                        row,
                        gettext_noop("contexte de travail inconnu « %(code)s »"),
                        code=ogr,
                    )
                self.data.context_links.add((code, ogr))
        for row in self.rows["coherence_item"]:
            level = CORE_LEVELS.get(row["coeur_metier"].lower())
            if level is None:
                self.fail(
                    "coherence_item",
                    row,
                    gettext_noop("valeur « %(value)s » inattendue pour coeur_metier"),
                    value=row["coeur_metier"],
                )
            key = (row["code_rome"], row["code_ogr"])
            if key in self.data.skill_links:
                self.data.skill_links[key] = level

    def mobilities(self):
        for row in self.rows["rubrique_mobilite"]:
            for column in ("code_rome", "code_rome_cible"):
                if row[column] not in self.data.occupations:
                    self.unknown_code("rubrique_mobilite", row, column)
            key = (row["code_rome"], row["code_rome_cible"])
            if key in self.data.mobilities:
                self.duplicate("rubrique_mobilite", row, " → ".join(key))
            self.data.mobilities[key] = row["numero_ordre"]

    def sectors(self):
        for row in self.rows["secteur_activite"]:
            self.data.sectors[row["code_sect_activite"]] = {
                "label": row["libelle_sect_activite"],
                "definition": repair_apostrophes(row["definition_sect_activite"]),
                "parent": None,
            }
        for row in self.rows["sous_secteur_activite"]:
            if row["code_sect_activite"] not in self.data.sectors:
                self.fail(
                    "sous_secteur_activite",
                    row,
                    gettext_noop("secteur inconnu « %(code)s »"),
                    code=row["code_sect_activite"],
                )
            if row["code_ss_sect_activite"] in self.data.sectors:
                self.duplicate("sous_secteur_activite", row, row["code_ss_sect_activite"])
            self.data.sectors[row["code_ss_sect_activite"]] = {
                "label": row["libelle_ss_sect_activite"],
                "definition": repair_apostrophes(row["definition_ss_sect_activite"]),
                "parent": row["code_sect_activite"],
            }
        for row in self.rows["arborescence_secteur_activite"]:
            if row["code_rome"] not in self.data.occupations:
                self.unknown_code("arborescence_secteur_activite", row)
            sector = row["code_ss_sect_activite"] or row["code_sect_activite"]
            if sector not in self.data.sectors:
                self.fail(
                    "arborescence_secteur_activite", row, gettext_noop("secteur inconnu « %(code)s »"), code=sector
                )
            self.data.sector_links[(row["code_rome"], sector)] = row["principal"]

    # --- O*NET profiles ------------------------------------------------------------------------------------------

    def onet_profiles(self):
        for row in self.rows["esco_rome"]:
            if row["mapping relation"].lower().removeprefix("skos:") not in ROME_RELATIONS:
                self.fail(
                    "esco_rome", row, gettext_noop("relation inconnue « %(value)s »"), value=row["mapping relation"]
                )
        for row in self.rows["esco_onet"]:
            if row["Type of Match"].lower().removeprefix("skos:") not in ONET_MATCHES:
                self.fail("esco_onet", row, gettext_noop("relation inconnue « %(value)s »"), value=row["Type of Match"])
        broader: dict[str, list[str]] = defaultdict(list)
        for row in self.rows["esco_broader"]:
            broader[row["conceptUri"]].append(row["broaderUri"])
        chain = profiles.Chain(
            parent_of={code: values["parent_code"] for code, values in self.data.occupations.items()},
            appellation_code={ogr: values["occupation"] for ogr, values in self.data.appellations.items()},
            esco_rome=[
                (r["classification 1 ID"], r["classification 2 ID"], r["mapping relation"])
                for r in self.rows["esco_rome"]
            ],
            esco_onet=[(r["O*NET Id"], r["ESCO or ISCO URI"], r["Type of Match"]) for r in self.rows["esco_onet"]],
            esco_broader=broader,
        )
        titles = self._onet_french_names()

        def score_rows(key):
            return ((r["O*NET-SOC Code"], r["Element Name"], r["Scale ID"], r["Data Value"]) for r in self.rows[key])

        interests = profiles.scores_by_code(score_rows("onet_interests"), profiles.INTEREST_ELEMENTS, "OI")
        values = profiles.scores_by_code(score_rows("onet_work_values"), profiles.WORK_VALUE_ELEMENTS, "EX")
        if not interests:
            self.fail("onet_interests", None, gettext_noop("aucun score d'intérêt (échelle OI) complet"))
        if not values:
            self.fail("onet_work_values", None, gettext_noop("aucune valeur de travail (échelle EX) complète"))
        for prefix, scores, fields in (
            ("interest", interests, self._interest_fields()),
            ("values", values, self._value_fields()),
        ):
            built = profiles.build_profiles(chain, scores)
            for code, profile in built.items():
                occupation = self.data.occupations[code]
                for name, value in zip(fields, profile.scores or (None,) * 6, strict=True):
                    occupation[name] = value
                basis = dict(profile.basis)
                if "onet" in basis:
                    basis["onet"] = [[onet, weight, titles.get(onet, "")] for onet, weight in basis["onet"]]
                    basis["names"] = "esco_fr"  # the third item is a French ESCO name ("" when none), not O*NET's
                source_field = "interest_source" if prefix == "interest" else "values_source"
                occupation[source_field] = profile.source
                occupation[source_field.replace("source", "basis")] = basis
            if prefix == "interest":
                self.data.interest_coverage = profiles.coverage(built)
            else:
                self.data.values_coverage = profiles.coverage(built)

    def _onet_french_names(self) -> dict[str, str]:
        """O*NET code -> the French name of its closest ESCO occupation (exact match first), for French pages.

        O*NET titles are American English; the ESCO-ROME mapping carries each ESCO occupation's French name, and the
        ESCO-O*NET crosswalk says how close each ESCO occupation is to each O*NET one. A code whose ESCO neighbours
        have no French name in the files gets none (the page then does not name it).
        """
        french = {}
        for row in self.rows["esco_rome"]:
            label = row["classification 1 prefered label"]
            if label:
                french[row["classification 1 ID"]] = _SLASH.sub(" / ", label).strip()
        best: dict[str, tuple[float, str]] = {}
        for row in self.rows["esco_onet"]:
            label = french.get(row["ESCO or ISCO URI"])
            weight = profiles.relation_weight(row["Type of Match"])
            if not label or weight is None:
                continue
            candidate = (-weight, label)
            code = row["O*NET Id"]
            if code not in best or candidate < best[code]:
                best[code] = candidate
        return {code: label for code, (_, label) in best.items()}

    @staticmethod
    def _interest_fields():
        return tuple(f"interest_{letter.lower()}" for letter in profiles.INTEREST_LETTERS)

    @staticmethod
    def _value_fields():
        return tuple(f"value_{key}" for key in profiles.WORK_VALUE_KEYS)

    def build(self) -> Dataset:
        self.domains()
        self.occupations()
        self.appellations()
        self.centres()
        self.skills_and_contexts()
        self.mobilities()
        self.sectors()
        self.onet_profiles()
        for values in self.data.occupations.values():
            values.pop("_line", None)
        return self.data


def build_dataset(rows: dict[str, list[Row]], names: dict[str, str], rome_version: str) -> Dataset:
    """Validate the parsed files against each other and assemble the dataset (raises SourceError)."""
    return _Builder(rows, names, rome_version).build()
