"""Plain French for beneficiaries: readability measures and a review of one text. Pure Python, no Django import.

    >>> from openbilan.plain_language import review
    >>> review("Je mets de l'ambiance dans les soirées.", "item")
    ()

See docs/PLAIN_LANGUAGE.md for the principles, the thresholds and how to review a new text.
"""

from openbilan.plain_language.readability import (
    LONG_WORD_SYLLABLES,
    Measures,
    kandel_moles,
    measure,
    sentences,
    syllables,
    words,
)
from openbilan.plain_language.review import (
    COMMON_ACRONYMS,
    JARGON,
    KINDS,
    THRESHOLDS,
    Problem,
    Thresholds,
    jargon_in,
    passives,
    review,
    unexplained_acronyms,
)

__all__ = [
    "COMMON_ACRONYMS",
    "JARGON",
    "KINDS",
    "LONG_WORD_SYLLABLES",
    "THRESHOLDS",
    "Measures",
    "Problem",
    "Thresholds",
    "jargon_in",
    "kandel_moles",
    "measure",
    "passives",
    "review",
    "sentences",
    "syllables",
    "unexplained_acronyms",
    "words",
]
