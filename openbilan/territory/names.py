"""Official names written in capitals ("PAYS DE CAUX", "SAINT LO COUTANCES") shown as a reader expects them.

Pure Python. Names already in mixed case ("Grand Roissy - Le Bourget") are kept as published. Screen readers may
spell a word in capitals letter by letter, and capitals are harder to read for people who read with difficulty.
"""

import re

SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au"})
TOKENS = re.compile(r"([ \-'’/]+)")


def display_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or name != name.upper():
        return name
    parts = []
    first = True
    for token in TOKENS.split(name.lower()):
        if not token or TOKENS.fullmatch(token):
            parts.append(token)
            continue
        parts.append(token if (token in SMALL_WORDS and not first) else token[:1].upper() + token[1:])
        first = False
    return "".join(parts)
