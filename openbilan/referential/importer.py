"""Write a validated Dataset to the database: update in place, keyed on the publishers' codes, in batches.

Called by services.import_referential inside one transaction. Rows are compared with what is stored and only the
differences are written, so a second import of the same files writes nothing and every key stays the same.
Occupations and appellations that leave the ROME are kept and marked inactive; link rows that leave are deleted.
"""

from openbilan.referential.dataset import Dataset
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    DomaineProfessionnel,
    GrandDomaine,
    Mobility,
    Occupation,
    OccupationCentreInteret,
    OccupationSector,
    OccupationSkill,
    OccupationWorkContext,
    SearchTitle,
    Sector,
    Skill,
    WorkContext,
)
from openbilan.tablesync import Change, code_sync, pair_key, sync


def _links(pairs: dict, left: dict, right: dict, names: tuple[str, str], value: str | None = None) -> dict:
    """Link rows keyed on (left pk, right pk) from {(left code, right code): value}."""
    rows = {}
    for (left_code, right_code), extra in pairs.items():
        key = (left[left_code], right[right_code])
        row = {names[0]: key[0], names[1]: key[1]}
        if value:
            row[value] = extra
        rows[key] = row
    return rows


OCCUPATION_FIELDS = [
    "code_rome", "code_ogr", "label", "parent_code", "domaine_id", "is_active", "transition_eco", "transition_num",
    "transition_demo", "regulated", "executive", "riasec_majeur", "riasec_mineur", "definition", "access",
    *Occupation.INTEREST_FIELDS, "interest_source", "interest_basis",
    *Occupation.VALUE_FIELDS, "values_source", "values_basis",
]  # fmt: skip
APPELLATION_FIELDS = ["code_ogr", "occupation_id", "label", "short_label", "is_principal", "rarely_used", "is_active"]
TITLE_FIELDS = [
    "occupation_id", "appellation_id", "label", "search_text", "forms", "text_length", "sort_rank", "is_principal",
    "rarely_used",
]  # fmt: skip


def _picked(values: dict, fields) -> dict:
    """Those of `fields` that `values` has."""
    return {name: values[name] for name in fields if name in values}


def _active_rows(items: dict, fields, code_field: str, parent: tuple[str, str, dict]) -> dict:
    """The rows wanted for `items` (code -> values): their own fields, their code, the id of their parent (`parent`
    is the id field, the key in the values, and the ids by code) and is_active."""
    id_field, key, ids = parent
    return {
        code: {**_picked(values, fields), code_field: code, id_field: ids[values[key]], "is_active": True}
        for code, values in items.items()
    }


def write(data: Dataset) -> dict[str, Change]:
    """Write the whole dataset; the caller holds the transaction."""
    changes: dict[str, Change] = {}

    grands, changes["grands_domaines"] = code_sync(
        GrandDomaine, "code", {code: {"code": code, "label": label} for code, label in data.grands_domaines.items()},
        ["code", "label"],
    )  # fmt: skip
    domaines, changes["domaines"] = code_sync(
        DomaineProfessionnel, "code",
        {
            code: {"code": code, "label": label, "grand_domaine_id": grands[grand]}
            for code, (label, grand) in data.domaines.items()
        },
        ["code", "label", "grand_domaine_id"],
    )  # fmt: skip

    wanted = _active_rows(data.occupations, OCCUPATION_FIELDS, "code_rome", ("domaine_id", "domaine", domaines))
    occupations, changes["occupations"] = code_sync(
        Occupation, "code_rome", wanted, OCCUPATION_FIELDS, on_missing="deactivate"
    )

    wanted = _active_rows(
        data.appellations, APPELLATION_FIELDS, "code_ogr", ("occupation_id", "occupation", occupations)
    )
    appellations, changes["appellations"] = code_sync(
        Appellation, "code_ogr", wanted, APPELLATION_FIELDS, on_missing="deactivate"
    )

    wanted_titles = {}
    for title in data.titles:
        row = _picked(title, TITLE_FIELDS)
        row["occupation_id"] = occupations[title["occupation"]]
        row["appellation_id"] = appellations[title["appellation"]] if title["appellation"] else None
        wanted_titles[(row["occupation_id"], row["appellation_id"])] = row
    names = ("occupation_id", "appellation_id")
    _, changes["search_titles"] = sync(SearchTitle, pair_key(names), wanted_titles, TITLE_FIELDS)

    centres, changes["centres"] = code_sync(
        CentreInteret, "code", {code: {"code": code, **values} for code, values in data.centres.items()},
        ["code", "label", "definition"],
    )  # fmt: skip
    names = ("occupation_id", "centre_id")
    _, changes["centre_links"] = sync(
        OccupationCentreInteret, pair_key(names),
        _links(data.centre_links, occupations, centres, names, "is_principal"), [*names, "is_principal"],
    )  # fmt: skip

    skills, changes["skills"] = code_sync(
        Skill, "code_ogr", {ogr: {"code_ogr": ogr, **values} for ogr, values in data.skills.items()},
        ["code_ogr", "label", "kind", "is_macro", "category", "subcategory"],
    )  # fmt: skip
    names = ("occupation_id", "skill_id")
    _, changes["skill_links"] = sync(
        OccupationSkill,
        pair_key(names),
        _links(data.skill_links, occupations, skills, names, "core"),
        [*names, "core"],
    )

    contexts, changes["contexts"] = code_sync(
        WorkContext, "code_ogr", {ogr: {"code_ogr": ogr, **values} for ogr, values in data.contexts.items()},
        ["code_ogr", "label", "type_code", "type_label"],
    )  # fmt: skip
    names = ("occupation_id", "context_id")
    _, changes["context_links"] = sync(
        OccupationWorkContext, pair_key(names),
        _links(dict.fromkeys(data.context_links), occupations, contexts, names), list(names),
    )  # fmt: skip

    names = ("source_id", "target_id")
    _, changes["mobilities"] = sync(
        Mobility, pair_key(names), _links(data.mobilities, occupations, occupations, names, "order"), [*names, "order"]
    )

    sectors, changes["sectors"] = code_sync(
        Sector, "code",
        {
            code: {"code": code, "label": v["label"], "definition": v["definition"], "parent_code": v["parent"]}
            for code, v in data.sectors.items()
        },
        ["code", "label", "definition", "parent_code"],
    )  # fmt: skip
    names = ("occupation_id", "sector_id")
    _, changes["sector_links"] = sync(
        OccupationSector, pair_key(names),
        _links(data.sector_links, occupations, sectors, names, "is_principal"), [*names, "is_principal"],
    )  # fmt: skip
    return changes
