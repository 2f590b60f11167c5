"""Keep the suggestions' explanations (recommendations.text.Text, untranslated) in JSON, so that the evidence taken
for a project is shown later in the reader's language, exactly as it was. Pure Python, no Django import."""

from __future__ import annotations

from openbilan.recommendations.text import Text

MARK = "__text__"


def dump(value):
    if isinstance(value, Text):
        return {MARK: value.msgid, "params": {key: dump(v) for key, v in value.params.items()}}
    if isinstance(value, tuple | list):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): dump(v) for key, v in value.items()}
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return str(value)


def load(value):
    if isinstance(value, dict) and MARK in value:
        return Text(value[MARK], {key: load(v) for key, v in (value.get("params") or {}).items()})
    if isinstance(value, list):
        return tuple(load(item) for item in value)
    return value
