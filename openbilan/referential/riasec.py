"""Holland's six RIASEC letters: their order, their French and English names. Pure Python, no Django import.

The one place that says what R, I, A, S, E and C are called; the order R-I-A-S-E-C is also the order of Holland's
circle (hexagon), so `distance()` gives how far apart two letters stand on it (0 to 3). The French names are the
msgids the web layer translates (they are marked where they are shown); the English names are given here for pure
code and exports that do not go through gettext.
"""

from __future__ import annotations

LETTERS: tuple[str, ...] = ("R", "I", "A", "S", "E", "C")

NAMES_FR: dict[str, str] = {
    "R": "Réaliste",
    "I": "Investigateur",
    "A": "Artistique",
    "S": "Social",
    "E": "Entreprenant",
    "C": "Conventionnel",
}

NAMES_EN: dict[str, str] = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}

INDEX: dict[str, int] = {letter: i for i, letter in enumerate(LETTERS)}


def distance(first: str, second: str) -> int:
    """Steps between two letters on Holland's circle: 0 (same), 1 (neighbours), 2, 3 (opposite)."""
    gap = abs(INDEX[first] - INDEX[second])
    return min(gap, len(LETTERS) - gap)


def name(letter: str, language: str = "fr") -> str:
    return (NAMES_EN if language == "en" else NAMES_FR)[letter]
