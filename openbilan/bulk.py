"""Fast inserts for large batches (generated cohorts, historical migrations): one INSERT statement run with
`executemany`, instead of the ORM's bulk_create, which SQLite limits to 999 parameters per statement (about 30
enrolments at a time). Values are converted once per column type, not through each field's full save path.

Only plain columns are supported (no file or JSON field); model `save()` and signals are not run, as with
bulk_create. Primary keys are read back afterwards by a natural key when the caller needs them.
"""

from collections.abc import Callable, Sequence

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000
LOOKUP_CHUNK = 900  # the most parameters SQLite takes in one query, whatever it was compiled with


def _converter(field: models.Field) -> Callable | None:
    """How a column's values are turned into database values; None when they go as they are (text, numbers,
    booleans, ids; choices are str or int subclasses, which the database drivers take as such)."""
    operations = connection.ops
    if isinstance(field, models.JSONField | models.FileField):
        raise TypeError(f"{field} is not supported by the fast insert")
    if isinstance(field, models.DateTimeField):
        auto = field.auto_now or field.auto_now_add
        now = timezone.now()
        adapt = operations.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        auto, now, adapt = False, None, operations.adapt_datefield_value
    else:
        return None
    cache: dict = {}

    def convert(value):
        if value is None and auto:
            value = now
        try:
            return cache[value]
        except KeyError:
            cache[value] = converted = adapt(value)
            return converted

    return convert


def insert_values(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert plain rows: `columns` are attribute names (``enrolment_id``), rows are tuples in that order. Columns
    left out take their field's default (auto_now_add dates: now)."""
    if not rows:
        return
    fields = {field.attname: field for field in model._meta.concrete_fields if not field.primary_key}
    unknown = set(columns) - set(fields)
    if unknown:
        raise ValueError(f"unknown columns for {model.__name__}: {sorted(unknown)}")
    missing = [name for name in fields if name not in columns]
    defaults = []
    for name in missing:
        field = fields[name]
        if field.has_default():
            defaults.append(field.get_default())
        elif (isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)) or field.null:
            defaults.append(None)
        elif field.blank and isinstance(field, models.CharField | models.TextField):
            defaults.append("")
        else:
            raise ValueError(f"{model.__name__}.{name} needs a value")
    order = [*columns, *missing]
    converters = [(index, convert) for index, name in enumerate(order) if (convert := _converter(fields[name]))]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(fields[name].column) for name in order),
        ", ".join(["%s"] * len(order)),
    )
    defaults = tuple(defaults)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = []
            for row in rows[start : start + CHUNK]:
                values = [*row, *defaults]
                for index, convert in converters:
                    values[index] = convert(values[index])
                chunk.append(values)
            cursor.executemany(sql, chunk)


def insert(model: type[models.Model], objects: Sequence[models.Model], *, key: Sequence[str] = ()) -> None:
    """Insert model `objects` (unsaved) in as few statements as possible. With `key` (attribute names that identify
    a row, e.g. ("email",)), their primary keys are read back and set on the objects."""
    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    for obj in objects:
        for field in fields:
            if isinstance(field, models.ForeignKey) and getattr(obj, field.attname) is None:
                related = field.get_cached_value(obj, None)
                if related is not None:
                    setattr(obj, field.attname, related.pk)
    columns = [field.attname for field in fields]
    insert_values(model, columns, [tuple(getattr(obj, name) for name in columns) for obj in objects])
    if key:
        _read_back_keys(model, objects, key)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def _read_back_keys(model, objects, key: Sequence[str]) -> None:
    by_key = {tuple(getattr(obj, name) for name in key): obj for obj in objects}
    *fixed, varying = key
    groups: dict[tuple, list] = {}
    for values in by_key:
        groups.setdefault(values[:-1], []).append(values[-1])
    for fixed_values, varying_values in groups.items():
        filters = dict(zip(fixed, fixed_values, strict=True))
        for start in range(0, len(varying_values), LOOKUP_CHUNK):
            chunk = varying_values[start : start + LOOKUP_CHUNK]
            rows = model.objects.filter(**filters, **{f"{varying}__in": chunk}).values_list(*key, "pk")
            for *values, pk in rows:
                by_key[tuple(values)].pk = pk
