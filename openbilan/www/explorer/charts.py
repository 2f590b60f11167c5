"""Geometry and labels of the occupation page's charts (plain data for the template; the SVG is drawn there)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from openbilan.referential import riasec_labels

INTEREST_NAMES = riasec_labels.names()
WORK_VALUE_NAMES = {
    "achievement": _("Réussite"),
    "independence": _("Indépendance"),
    "recognition": _("Reconnaissance"),
    "relationships": _("Relations"),
    "support": _("Soutien"),
    "working_conditions": _("Conditions de travail"),
}
SCALE_MIN, SCALE_MAX = 1.0, 7.0
# Each label sits on its own line above its bar, across the whole width: a long name ("Conditions de travail",
# or any translation) is never covered by the bar nor cut at the edge of a narrow screen.
BAR_LEFT, BAR_WIDTH, ROW_HEIGHT, BAR_HEIGHT, LABEL_HEIGHT = 0, 280, 48, 18, 20
CHART_WIDTH = 330


@dataclass(frozen=True)
class Bar:
    key: str
    name: str
    score: float
    y: int  # top of the bar
    width: float
    text_y: int  # baseline of the label, above the bar
    value_x: float
    value_y: int  # baseline of the value, beside the end of the bar
    height: int = BAR_HEIGHT


def bars(keys, names, scores) -> list[Bar]:
    """One horizontal bar per score on the 1-7 O*NET scale (a score of 1 draws a zero-length bar)."""
    result = []
    for index, (key, score) in enumerate(zip(keys, scores, strict=True)):
        share = (min(max(score, SCALE_MIN), SCALE_MAX) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)
        top = 4 + index * ROW_HEIGHT
        y = top + LABEL_HEIGHT
        width = round(share * BAR_WIDTH, 1)
        result.append(
            Bar(key, str(names[key]), score, y, width, top + 15, round(BAR_LEFT + width + 4, 1), y + BAR_HEIGHT - 4)
        )
    return result


def chart_height(count: int) -> int:
    return 8 + count * ROW_HEIGHT


@dataclass(frozen=True)
class Provenance:
    names: list[tuple[str, int]]  # (French name, percent of the profile), heaviest first
    others: int  # O*NET occupations not named here (lighter ones, or without a French equivalent)


def provenance(basis: dict, limit: int = 5) -> Provenance:
    """The O*NET occupations behind a direct profile, named only in French (their ESCO equivalent), never in English.

    An import made before French names existed stores O*NET's English titles: those are not shown.
    """
    rows = basis.get("onet") or []
    if basis.get("names") != "esco_fr":
        return Provenance([], len(rows))
    shares: dict[str, float] = {}
    unnamed = 0
    for row in rows:
        name = row[2] if len(row) > 2 else ""
        if name:
            shares[name] = shares.get(name, 0.0) + float(row[1])
        else:
            unnamed += 1
    ordered = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    named = [(name, round(share * 100)) for name, share in ordered[:limit]]
    shown = {name for name, _ in named}
    others = unnamed + sum(1 for row in rows if len(row) > 2 and row[2] and row[2] not in shown)
    return Provenance(named, others)
