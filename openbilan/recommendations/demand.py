"""Local hiring demand as a bounded, explained ranking factor (issue 20). Pure Python + numpy, no Django import.

The figures come from France Travail's BMO survey through territory.selectors.local_demand(): for each occupation,
the BMO family with the highest level on the bassin's 1-5 scale, and that family's count of recruitment projects.
The level becomes a value in [-1, 1] (level 3, the middle fifth of the bassin's families, is 0; an occupation
without a known level gets NaN, no effect), and ranking.Factor adds cap * value to the score: at most
weights.MAX_FACTOR_CAP, so demand reorders only occupations of comparable fit (docs/RECOMMENDATIONS.md).

The figure shown is the family's, never divided among the occupations that share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from openbilan.recommendations import weights as W
from openbilan.recommendations.ranking import Factor, Prepared
from openbilan.recommendations.text import Text, gettext_noop

KIND = "demand"
SOURCE = "France Travail, enquête BMO"


@dataclass(frozen=True)
class Figure:
    """One occupation's strongest family in the bassin: its 1-5 level and its projects (None: not published)."""

    level: int
    family: str
    family_name: str
    projects: int | None
    projects_floor: int = 0


def value_of(level: int) -> float:
    """A level of the bassin's 1-5 scale as the factor's value: 1 -> -1, 3 -> 0, 5 -> 1."""
    return max(-1.0, min(1.0, (level - 3) / 2))


# The sentence for each level of the bassin's 1-5 scale (the figures follow it).
LEVEL_TEXTS = {
    5: gettext_noop(
        "Ces métiers recrutent beaucoup près de chez vous (bassin d'emploi « %(bassin)s »). Famille « %(family)s », "
        "projets de recrutement en %(year)s : %(projects)s. Source : France Travail, enquête BMO %(year)s."
    ),
    4: gettext_noop(
        "Ces métiers recrutent près de chez vous (bassin d'emploi « %(bassin)s »). Famille « %(family)s », "
        "projets de recrutement en %(year)s : %(projects)s. Source : France Travail, enquête BMO %(year)s."
    ),
    3: gettext_noop(
        "Ces métiers recrutent comme la moyenne près de chez vous (bassin d'emploi « %(bassin)s »). "
        "Famille « %(family)s », projets de recrutement en %(year)s : %(projects)s. "
        "Source : France Travail, enquête BMO %(year)s."
    ),
    2: gettext_noop(
        "Ces métiers recrutent un peu moins que la moyenne près de chez vous (bassin d'emploi « %(bassin)s »). "
        "Famille « %(family)s », projets de recrutement en %(year)s : %(projects)s. "
        "Source : France Travail, enquête BMO %(year)s."
    ),
    1: gettext_noop(
        "Ces métiers recrutent peu près de chez vous (bassin d'emploi « %(bassin)s »). Famille « %(family)s », "
        "projets de recrutement en %(year)s : %(projects)s. Source : France Travail, enquête BMO %(year)s."
    ),
}
SECRET = Text(gettext_noop("non diffusé"))
AT_LEAST = Text(gettext_noop("au moins %(count)s"))


def projects_text(figure: Figure) -> Text | str:
    if figure.projects is not None:
        return str(figure.projects)
    if figure.projects_floor:
        return Text(AT_LEAST.msgid, {"count": str(figure.projects_floor)})
    return SECRET


def factor(
    prepared: Prepared,
    figures: Mapping[str, Figure],
    *,
    bassin: str,
    year: int,
    cap: float = W.DEMAND_CAP,
) -> Factor:
    """The demand factor for one person's bassin: every occupation with a known level gets its value and its
    reason in words, with the family's figure, the bassin, the source and the year."""
    values = np.full(prepared.size, np.nan)
    index = prepared.index
    for code, figure in figures.items():
        i = index.get(code)
        if i is not None:
            values[i] = value_of(figure.level)
    codes = prepared.codes
    said: dict[int, Text | None] = {}  # the sentence depends only on the occupation: built once per factor

    def text(i: int, effect: float) -> Text | None:
        if i in said:
            return said[i]
        figure = figures.get(codes[i])
        if figure is None or figure.level not in LEVEL_TEXTS:
            found = None
        else:
            params = {"family": figure.family_name, "bassin": bassin, "projects": projects_text(figure), "year": year}
            found = Text(LEVEL_TEXTS[figure.level], params)
        said[i] = found
        return found

    return Factor(KIND, values, cap, text)


__all__ = ["KIND", "Figure", "factor", "value_of"]
