"""Translatable text built by the pure cores and translated only when shown. No Django import.

A pure core cannot call Django's gettext, so it returns `Text(msgid, params)`: the French msgid (marked with
`gettext_noop` so that makemessages finds it) and its parameters. The web layer renders it with `gettext` and a
number formatter; parameters may themselves be Text (a RIASEC letter's name) or tuples of them (a list of names).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from openbilan.referential import riasec


def gettext_noop(message: str) -> str:
    """Mark a message for translation without translating it here."""
    return message


def _identity(message: str) -> str:
    return message


def _plain_number(value: float) -> str:
    return f"{value:.2f}"


class Text(NamedTuple):
    """A msgid and its parameters (a named tuple: cheap to build, immutable, compared by value)."""

    msgid: str
    params: dict = {}

    def render(
        self,
        translate: Callable[[str], str] = _identity,
        number: Callable[[float], str] = _plain_number,
    ) -> str:
        if not self.params:
            return translate(self.msgid)
        values = {key: _render_value(value, translate, number) for key, value in self.params.items()}
        return translate(self.msgid) % values

    def __str__(self) -> str:
        return self.render()


def _render_value(value, translate, number) -> str:
    if isinstance(value, Text):
        return value.render(translate, number)
    if isinstance(value, tuple | list):
        return ", ".join(_render_value(item, translate, number) for item in value)
    if isinstance(value, float):
        return number(value)
    return str(value)


# The letters' names come from referential/riasec.py; the msgids are marked here so that this app's catalogue has them.
_MARKED_LETTER_NAMES = (
    gettext_noop("Réaliste"),
    gettext_noop("Investigateur"),
    gettext_noop("Artistique"),
    gettext_noop("Social"),
    gettext_noop("Entreprenant"),
    gettext_noop("Conventionnel"),
)
LETTER_NAMES = {letter: Text(riasec.NAMES_FR[letter]) for letter in riasec.LETTERS}
VALUE_NAMES = {
    "achievement": Text(gettext_noop("la réussite")),
    "independence": Text(gettext_noop("l'autonomie")),
    "recognition": Text(gettext_noop("la reconnaissance")),
    "relationships": Text(gettext_noop("les relations humaines")),
    "support": Text(gettext_noop("le soutien de l'encadrement")),
    "working_conditions": Text(gettext_noop("les conditions de travail")),
}
LEVEL_NAMES = {
    0: Text(gettext_noop("sans diplôme")),
    2: Text(gettext_noop("sans diplôme de niveau 3")),
    3: Text(gettext_noop("CAP, BEP (niveau 3)")),
    4: Text(gettext_noop("bac (niveau 4)")),
    5: Text(gettext_noop("bac+2 (niveau 5)")),
    6: Text(gettext_noop("bac+3 ou bac+4 (niveau 6)")),
    7: Text(gettext_noop("bac+5 (niveau 7)")),
    8: Text(gettext_noop("doctorat (niveau 8)")),
}
TRAINING_NAMES = {
    "none": Text(gettext_noop("aucune formation")),
    "6m": Text(gettext_noop("moins de 6 mois")),
    "1y": Text(gettext_noop("moins d'un an")),
    "2y": Text(gettext_noop("moins de deux ans")),
    "any": Text(gettext_noop("toute durée")),
}
