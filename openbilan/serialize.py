"""Rows as plain JSON-ready data, for the person's export (each domain's `export.py`, gathered by
openbilan/privacy/export.py)."""

import datetime
from decimal import Decimal

from django.db import models


def when(value) -> str | None:
    return value.isoformat() if value else None


def plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def row(instance: models.Model, *, skip: tuple[str, ...] = ()) -> dict:
    """The concrete fields of one row, JSON-ready (relations as their id, files left out)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip or isinstance(field, models.FileField):
            continue
        data[field.name] = plain(getattr(instance, field.attname))
    return data
