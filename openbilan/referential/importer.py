"""Write a validated Dataset to the database: update in place, keyed on the publishers' codes, in batches.

Called by services.import_referential inside one transaction. Rows are compared with what is stored and only the
differences are written, so a second import of the same files writes nothing and every key stays the same.
Occupations and appellations that leave the ROME are kept and marked inactive; link rows that leave are deleted.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import models

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

BATCH = 2000


@dataclass
class Change:
    created: int = 0
    updated: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def _sync(
    model: type[models.Model],
    key: Callable[[dict], Hashable],
    wanted: dict[Hashable, dict],
    fields: list[str],
    *,
    on_missing: str = "delete",
) -> tuple[dict[Hashable, int], Change]:
    """Make the table hold `wanted` (key -> field values). Returns key -> pk and what changed.

    `key` computes the key of a stored row from its values. Rows absent from `wanted` are deleted first (so that a
    row moving to another key never collides with itself), or marked `is_active=False` when on_missing="deactivate".
    """
    change = Change()
    stored = {key(row): row for row in model.objects.values("pk", *fields)}
    if on_missing == "deactivate":
        gone = [row["pk"] for row_key, row in stored.items() if row_key not in wanted and row["is_active"]]
    else:
        gone = [row["pk"] for row_key, row in stored.items() if row_key not in wanted]
    for start in range(0, len(gone), BATCH):
        batch = model.objects.filter(pk__in=gone[start : start + BATCH])
        if on_missing == "deactivate":
            batch.update(is_active=False)
        else:
            batch.delete()
    change.removed = len(gone)
    to_create, to_update = [], []
    for row_key, values in wanted.items():
        current = stored.get(row_key)
        if current is None:
            to_create.append(model(**values))
        elif any(current[name] != values[name] for name in fields):
            to_update.append(model(pk=current["pk"], **values))
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
        change.updated = len(to_update)
    if to_create:
        model.objects.bulk_create(to_create, batch_size=BATCH)
        change.created = len(to_create)
        return {key(row): row["pk"] for row in model.objects.values("pk", *fields)}, change
    return {row_key: row["pk"] for row_key, row in stored.items()}, change


def _code_sync(model, code_field: str, wanted: dict, fields: list[str], **kwargs):
    """_sync for a table whose key is one code column (which must be in `fields`)."""
    return _sync(model, lambda row: row[code_field], wanted, fields, **kwargs)


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


def _pair_key(names: tuple[str, str]) -> Callable[[dict], Hashable]:
    return lambda row: (row[names[0]], row[names[1]])


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


def write(data: Dataset) -> dict[str, Change]:
    """Write the whole dataset; the caller holds the transaction."""
    changes: dict[str, Change] = {}

    grands, changes["grands_domaines"] = _code_sync(
        GrandDomaine, "code", {code: {"code": code, "label": label} for code, label in data.grands_domaines.items()},
        ["code", "label"],
    )  # fmt: skip
    domaines, changes["domaines"] = _code_sync(
        DomaineProfessionnel, "code",
        {
            code: {"code": code, "label": label, "grand_domaine_id": grands[grand]}
            for code, (label, grand) in data.domaines.items()
        },
        ["code", "label", "grand_domaine_id"],
    )  # fmt: skip

    wanted_occupations = {}
    for code, values in data.occupations.items():
        row = {name: values[name] for name in OCCUPATION_FIELDS if name in values}
        row.update(code_rome=code, domaine_id=domaines[values["domaine"]], is_active=True)
        wanted_occupations[code] = row
    occupations, changes["occupations"] = _code_sync(
        Occupation, "code_rome", wanted_occupations, OCCUPATION_FIELDS, on_missing="deactivate"
    )

    wanted_appellations = {}
    for ogr, values in data.appellations.items():
        row = {name: values[name] for name in APPELLATION_FIELDS if name in values}
        row.update(code_ogr=ogr, occupation_id=occupations[values["occupation"]], is_active=True)
        wanted_appellations[ogr] = row
    appellations, changes["appellations"] = _code_sync(
        Appellation, "code_ogr", wanted_appellations, APPELLATION_FIELDS, on_missing="deactivate"
    )

    wanted_titles = {}
    for title in data.titles:
        row = {name: title[name] for name in TITLE_FIELDS if name in title}
        row["occupation_id"] = occupations[title["occupation"]]
        row["appellation_id"] = appellations[title["appellation"]] if title["appellation"] else None
        wanted_titles[(row["occupation_id"], row["appellation_id"])] = row
    names = ("occupation_id", "appellation_id")
    _, changes["search_titles"] = _sync(SearchTitle, _pair_key(names), wanted_titles, TITLE_FIELDS)

    centres, changes["centres"] = _code_sync(
        CentreInteret, "code", {code: {"code": code, **values} for code, values in data.centres.items()},
        ["code", "label", "definition"],
    )  # fmt: skip
    names = ("occupation_id", "centre_id")
    _, changes["centre_links"] = _sync(
        OccupationCentreInteret, _pair_key(names),
        _links(data.centre_links, occupations, centres, names, "is_principal"), [*names, "is_principal"],
    )  # fmt: skip

    skills, changes["skills"] = _code_sync(
        Skill, "code_ogr", {ogr: {"code_ogr": ogr, **values} for ogr, values in data.skills.items()},
        ["code_ogr", "label", "kind", "is_macro", "category", "subcategory"],
    )  # fmt: skip
    names = ("occupation_id", "skill_id")
    _, changes["skill_links"] = _sync(
        OccupationSkill,
        _pair_key(names),
        _links(data.skill_links, occupations, skills, names, "core"),
        [*names, "core"],
    )

    contexts, changes["contexts"] = _code_sync(
        WorkContext, "code_ogr", {ogr: {"code_ogr": ogr, **values} for ogr, values in data.contexts.items()},
        ["code_ogr", "label", "type_code", "type_label"],
    )  # fmt: skip
    names = ("occupation_id", "context_id")
    _, changes["context_links"] = _sync(
        OccupationWorkContext, _pair_key(names),
        _links(dict.fromkeys(data.context_links), occupations, contexts, names), list(names),
    )  # fmt: skip

    names = ("source_id", "target_id")
    _, changes["mobilities"] = _sync(
        Mobility, _pair_key(names), _links(data.mobilities, occupations, occupations, names, "order"), [*names, "order"]
    )

    sectors, changes["sectors"] = _code_sync(
        Sector, "code",
        {
            code: {"code": code, "label": v["label"], "definition": v["definition"], "parent_code": v["parent"]}
            for code, v in data.sectors.items()
        },
        ["code", "label", "definition", "parent_code"],
    )  # fmt: skip
    names = ("occupation_id", "sector_id")
    _, changes["sector_links"] = _sync(
        OccupationSector, _pair_key(names),
        _links(data.sector_links, occupations, sectors, names, "is_principal"), [*names, "is_principal"],
    )  # fmt: skip
    return changes
