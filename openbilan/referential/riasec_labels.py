"""The RIASEC letters' names in the reader's language, for forms and pages: a thin layer over referential/riasec.py.

The pure module holds the names once; this one only translates them, lazily (when shown, in the request's language).
The French names are msgids: recommendations/text.py marks them, so their English msgstr is in that app's catalogue
(tests/referential/test_riasec.py checks it matches riasec.NAMES_EN).
"""

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from openbilan.referential import riasec


def name(letter: str) -> Promise:
    """A letter's name ("Réaliste", "Realistic"), translated when shown."""
    return gettext_lazy(riasec.NAMES_FR[letter])


def names() -> dict[str, Promise]:
    """{letter: translated name}, in the order R I A S E C."""
    return {letter: name(letter) for letter in riasec.LETTERS}


def choices() -> list[tuple[str, Promise]]:
    """Form choices "R · Réaliste", in the order R I A S E C."""
    return [(letter, format_lazy("{} · {}", letter, name(letter))) for letter in riasec.LETTERS]
