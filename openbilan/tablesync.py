"""Make a table hold exactly a wanted set of rows, writing only the differences, in batches.

Shared by the importers of official reference files (the ROME referential, the RNCP certifications): rows are keyed
on the publishers' codes, so a second import of the same files writes nothing and every primary key stays the same.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import models

BATCH = 2000


@dataclass
class Change:
    created: int = 0
    updated: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def sync(
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
    The caller holds the transaction.
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


def code_sync(model, code_field: str, wanted: dict, fields: list[str], **kwargs):
    """sync for a table whose key is one code column (which must be in `fields`)."""
    return sync(model, lambda row: row[code_field], wanted, fields, **kwargs)


def pair_key(names: tuple[str, ...]) -> Callable[[dict], Hashable]:
    return lambda row: tuple(row[name] for name in names)
