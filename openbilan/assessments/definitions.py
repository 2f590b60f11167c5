"""Instrument definitions: the versioned JSON data files under `instruments/`, parsed and checked. No Django import.

A file holds the slug, version, names, licence, source, validation population, adaptation status, purpose
(L6313-4), response scale, items (id, fr, en, scale, keying, optionally `administered: false`) and scales (code, names,
interpretation texts; a domain scale lists the facet scales it `includes`). See docs/PSYCHOMETRICS.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
LANGUAGES = ("fr", "en")
KINDS = ("likert", "ranking")
REQUIRED_TEXTS = ("name", "purpose", "adaptation", "validation_population", "attribution", "instructions")


class DefinitionError(ValueError):
    """An instrument file is malformed (raised at load time, never while a person answers)."""


def text(mapping: Mapping[str, str] | None, language: str) -> str:
    """The text in `language`, French when that language is missing."""
    if not mapping:
        return ""
    return mapping.get(language) or mapping.get("fr") or ""


@dataclass(frozen=True)
class Item:
    id: str
    texts: Mapping[str, str]
    scale: str
    reverse: bool
    administered: bool = True
    extra: Mapping[str, object] = field(default_factory=dict)

    def text(self, language: str) -> str:
        return text(self.texts, language)


@dataclass(frozen=True)
class Scale:
    code: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    high: Mapping[str, str]
    low: Mapping[str, str]
    level: str = "scale"  # "scale", or "domain" / "facet" for an instrument with two levels
    parent: str | None = None
    includes: tuple[str, ...] = ()
    published_reliability: Mapping[str, object] | None = None


class Instrument:
    """One version of one instrument, as read from its data file."""

    def __init__(self, data: Mapping[str, object]):
        self.data = data
        self.slug: str = data["slug"]
        self.version: int = data["version"]
        self.kind: str = data["kind"]
        scale = data["response_scale"]
        self.minimum: int = scale["min"]
        self.maximum: int = scale["max"]
        self.labels: tuple[Mapping[str, object], ...] = tuple(scale.get("labels", ()))
        self.items: tuple[Item, ...] = tuple(
            Item(
                id=item["id"],
                texts={language: item[language] for language in LANGUAGES},
                scale=item["scale"],
                reverse=item["keying"] == "-",
                administered=item.get("administered", True),
                extra={key: value for key, value in item.items() if key not in {"id", "scale", "keying", *LANGUAGES}},
            )
            for item in data["items"]
        )
        self.scales: tuple[Scale, ...] = tuple(
            Scale(
                code=entry["code"],
                name=entry["name"],
                description=entry.get("description", {}),
                high=entry.get("high", {}),
                low=entry.get("low", {}),
                level=entry.get("level", "scale"),
                parent=entry.get("parent"),
                includes=tuple(entry.get("includes", ())),
                published_reliability=entry.get("published_reliability"),
            )
            for entry in data["scales"]
        )
        self._items = {item.id: item for item in self.items}
        self._scales = {entry.code: entry for entry in self.scales}

    # --- texts ------------------------------------------------------------------------------------------------

    def text(self, key: str, language: str) -> str:
        return text(self.data.get(key), language)

    def name(self, language: str) -> str:
        return self.text("name", language)

    @property
    def source(self) -> Mapping[str, str]:
        return self.data.get("source", {})

    @property
    def interpretation(self) -> str:
        return self.data.get("interpretation", "absolute")

    @property
    def estimated_minutes(self) -> int | None:
        return self.data.get("estimated_minutes")

    # --- items and scales -------------------------------------------------------------------------------------

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def scale(self, code: str) -> Scale:
        return self._scales[code]

    @property
    def administered_items(self) -> tuple[Item, ...]:
        """The items the platform asks (a few may be kept for scoring external files only)."""
        return tuple(item for item in self.items if item.administered)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def scale_indices(self, items: Sequence[Item] | None = None) -> dict[str, tuple[int, ...]]:
        """Scale code -> indices of its items within `items` (all items by default), in the file's scale order.
        A domain gets the items of the facets it includes. Scales without any of these items are left out."""
        items = self.items if items is None else items
        result = {}
        for entry in self.scales:
            members = set(entry.includes) | {entry.code}
            indices = tuple(index for index, item in enumerate(items) if item.scale in members)
            if indices:
                result[entry.code] = indices
        return result

    @staticmethod
    def reverse_flags(items: Sequence[Item]) -> tuple[bool, ...]:
        return tuple(item.reverse for item in items)

    def is_valid_value(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.minimum <= value <= self.maximum

    # --- versioning -------------------------------------------------------------------------------------------

    @property
    def items_hash(self) -> str:
        """Hash of everything that changes what a person answers or how it is scored: editing an item, its keying,
        its scale, the response scale or the scales' composition gives a new hash, hence a new stored version."""
        scored = {
            "kind": self.kind,
            "response_scale": [self.minimum, self.maximum],
            "items": [
                [item.id, item.texts["fr"], item.texts["en"], item.scale, item.reverse, item.administered]
                for item in self.items
            ],
            "scales": [[entry.code, list(entry.includes)] for entry in self.scales],
        }
        return _hash(scored)

    @property
    def content_hash(self) -> str:
        return _hash(self.data)


def _hash(value: object) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check(condition: bool, slug: object, message: str) -> None:
    if not condition:
        raise DefinitionError(f"instrument {slug}: {message}")


def parse(data: Mapping[str, object]) -> Instrument:
    """Check a definition and return it as an Instrument; raise DefinitionError naming the problem."""
    slug = data.get("slug")
    _check(isinstance(slug, str) and slug != "", slug, "a slug is required")
    _check(isinstance(data.get("version"), int) and data["version"] >= 1, slug, "version must be an integer >= 1")
    _check(data.get("kind") in KINDS, slug, f"kind must be one of {KINDS}")
    for key in REQUIRED_TEXTS:
        value = data.get(key)
        _check(isinstance(value, dict) and all(value.get(lang) for lang in LANGUAGES), slug, f"{key} needs fr and en")
    scale = data.get("response_scale") or {}
    _check(isinstance(scale.get("min"), int) and isinstance(scale.get("max"), int), slug, "response_scale min/max")
    _check(scale["min"] < scale["max"], slug, "response_scale min must be below max")
    if data["kind"] == "likert":
        values = [label.get("value") for label in scale.get("labels", [])]
        _check(values == list(range(scale["min"], scale["max"] + 1)), slug, "one label per response value")
        for label in scale["labels"]:
            _check(all(label.get(lang) for lang in LANGUAGES), slug, "response labels need fr and en")
    items = data.get("items") or []
    _check(len(items) >= 2, slug, "at least two items")
    ids = [item.get("id") for item in items]
    _check(len(set(ids)) == len(ids), slug, "item ids must be unique")
    scale_codes = [entry.get("code") for entry in data.get("scales", [])]
    _check(len(set(scale_codes)) == len(scale_codes), slug, "scale codes must be unique")
    for item in items:
        _check(all(item.get(lang) for lang in LANGUAGES), slug, f"item {item.get('id')} needs fr and en text")
        _check(item.get("keying") in ("+", "-"), slug, f"item {item.get('id')} keying must be + or -")
        if data["kind"] == "likert":
            _check(item.get("scale") in scale_codes, slug, f"item {item.get('id')} has an unknown scale")
    for entry in data.get("scales", []):
        _check(all(entry.get("name", {}).get(lang) for lang in LANGUAGES), slug, f"scale {entry.get('code')} name")
        for included in entry.get("includes", []):
            _check(included in scale_codes, slug, f"scale {entry.get('code')} includes unknown {included}")
    instrument = Instrument(data)
    if data["kind"] == "ranking":
        _check(scale["min"] == 1 and scale["max"] == len(items), slug, "a ranking's scale runs from 1 to its items")
    return instrument


def load_file(path: Path) -> Instrument:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DefinitionError(f"{path}: {error}") from error
    return parse(data)


@cache
def shipped() -> dict[str, Instrument]:
    """Every instrument file shipped with the code, by slug (read once per process)."""
    instruments = {}
    for path in sorted(INSTRUMENTS_DIR.glob("*.json")):
        instrument = load_file(path)
        if instrument.slug in instruments:
            raise DefinitionError(f"two files define {instrument.slug}")
        instruments[instrument.slug] = instrument
    return instruments


def shipped_instrument(slug: str) -> Instrument:
    """The shipped definition of `slug`; KeyError when there is none."""
    return shipped()[slug]
