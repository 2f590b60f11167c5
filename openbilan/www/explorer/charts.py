"""Geometry and labels of the occupation page's charts (plain data for the template; the SVG is drawn there)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

INTEREST_NAMES = {
    "R": _("Réaliste"),
    "I": _("Investigateur"),
    "A": _("Artistique"),
    "S": _("Social"),
    "E": _("Entreprenant"),
    "C": _("Conventionnel"),
}
WORK_VALUE_NAMES = {
    "achievement": _("Réussite"),
    "independence": _("Indépendance"),
    "recognition": _("Reconnaissance"),
    "relationships": _("Relations"),
    "support": _("Soutien"),
    "working_conditions": _("Conditions de travail"),
}
SCALE_MIN, SCALE_MAX = 1.0, 7.0
BAR_LEFT, BAR_WIDTH, ROW_HEIGHT = 130, 170, 28


@dataclass(frozen=True)
class Bar:
    key: str
    name: str
    score: float
    y: int
    width: float
    text_y: int
    value_x: float


def bars(keys, names, scores) -> list[Bar]:
    """One horizontal bar per score on the 1-7 O*NET scale (a score of 1 draws a zero-length bar)."""
    result = []
    for index, (key, score) in enumerate(zip(keys, scores, strict=True)):
        share = (min(max(score, SCALE_MIN), SCALE_MAX) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)
        y = 8 + index * ROW_HEIGHT
        width = round(share * BAR_WIDTH, 1)
        result.append(Bar(key, str(names[key]), score, y, width, y + 15, round(BAR_LEFT + width + 4, 1)))
    return result


def chart_height(count: int) -> int:
    return 16 + count * ROW_HEIGHT
