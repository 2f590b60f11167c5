"""Training months between a person's level and an occupation's entry level. Pure Python, no Django import.

Shared by the ranking (the training filter) and the explanations (the training reason and path); the lengths and
their sources are in weights.py and docs/RECOMMENDATIONS.md section 3.
"""

from __future__ import annotations

from collections.abc import Sequence

from openbilan.recommendations import weights as W


def _cumulative_months() -> dict[int, int]:
    total, out = 0, {2: 0}
    for level in range(3, 9):
        total += W.MONTHS_TO_REACH[level]
        out[level] = total
    return out


CUMULATIVE_MONTHS = _cumulative_months()


def training_months(entry_level: int | None, mandatory: bool, person_level: int | None) -> int | None:
    """Months of training the person would need to reach the occupation's entry level (None when unknown)."""
    if entry_level is None or person_level is None:
        return None
    if entry_level == 0:
        return 0
    if mandatory:
        before = 0
        if entry_level >= W.MANDATORY_PREREQUISITE_FROM:
            prerequisite = W.MANDATORY_PREREQUISITE_LEVEL
            before = max(0, CUMULATIVE_MONTHS[prerequisite] - CUMULATIVE_MONTHS[max(person_level, 2)])
        return before + W.MANDATORY_DIPLOMA_MONTHS[entry_level]
    return max(0, CUMULATIVE_MONTHS[entry_level] - CUMULATIVE_MONTHS[max(person_level, 2)])


def person_level(qualification_level: str | None) -> int | None:
    """The 2019 nomenclature level (2..8) of a weights.QUALIFICATION_LEVELS key; None when not given."""
    return W.QUALIFICATION_LEVELS.get(qualification_level) if qualification_level else None


def held_diplomas(entries: Sequence, index: dict[str, int], past: Sequence[str]) -> set[str]:
    """The specific diplomas (Diplôme d'État...) the person's past jobs required: they hold them."""
    return {entries[index[code]].key for code in past if code in index} - {""}
