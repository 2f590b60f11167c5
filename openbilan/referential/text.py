"""Text helpers for the reference data: search normalisation and export repairs. Pure Python, no Django import.

The search column is computed here, in Python, so that SQLite and PostgreSQL compare exactly the same strings
(no database collation, no `unaccent` extension): lower case ASCII letters, digits and single spaces only.
"""

import re
import unicodedata

# Letters that Unicode decomposition does not split into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, no accents, every run of other characters turned into one space.

    >>> normalise("Éducateur spécialisé / Éducatrice spécialisée")
    'educateur specialise educatrice specialisee'
    >>> normalise("  Aide-soignant  ")
    'aide soignant'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", stripped).strip()


def repair_apostrophes(text: str) -> str:
    """The ROME text export escapes apostrophes SQL-style (`l''infirmier`): put single ones back."""
    return text.replace("''", "'")


def title_forms(label: str) -> tuple[str, ...]:
    """The normalised forms a ROME title stands for: its masculine and feminine wordings when it has both.

    ROME titles read "Masculine words / Feminine words shared suffix"; the masculine form gets the shared suffix too.

    >>> title_forms("Conducteur / Conductrice de bus")
    ('conducteur de bus', 'conductrice de bus')
    >>> title_forms("Agronome")
    ('agronome',)
    """
    left, slash, right = label.partition(" / ")
    if not slash:
        return (normalise(label),) if normalise(label) else ()
    left_words, right_words = normalise(left).split(), normalise(right).split()
    masculine = " ".join(left_words + right_words[len(left_words) :])
    forms = [form for form in (masculine, " ".join(right_words)) if form]
    return tuple(dict.fromkeys(forms))


def forms_column(label: str) -> str:
    """The stored `forms` column: every form between bars, so that LIKE '%|query|%' finds an exact form."""
    return "|" + "|".join(title_forms(label)) + "|"
