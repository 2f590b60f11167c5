"""French typography in templates and code: counts, dates and names as a person reads them. No Django import.

What it catches (docs/PLAIN_LANGUAGE.md, section 8):
- `count_without_plural`: a number printed before a plural noun in a text that has no plural form, so that a person
  reads "0 lignes", "1 places" ("%(n)s places" must be a plural message: French uses the singular for 0 and 1);
  "métier(s)" is caught too.
- `name_ending_sentence`: a person's name placed at the end of a sentence, so that a name shown with its initial
  reads "Inès M.." (put the name elsewhere in the sentence).
- `date_format_problems`: a date format that prints an abbreviation cut without its period ("M": "Déc", "Jui" for
  juin; "b": "déc"; "D": "sam") or a word that stays French in English ("à"): use a named format of the project's
  formats modules instead ("6 déc.", "sam. 6 déc. à 14:05").
- `template_problems(source)` and `python_problems(source)` apply them to a template and to a Python module (the
  texts given to gettext, the formats given to date_format, strftime's English month and day names).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from openbilan.plain_language.review import Problem

# Words ending in -s or -x that are not plurals: the same in the singular (after "1" they are right), or not nouns
# (a name placeholder followed by "vous propose"). Keep it to words the project's texts use.
INVARIABLE = {
    "accès", "avis", "bras", "choix", "concours", "corps", "cours", "discours", "dos", "fois", "mois", "parcours",
    "pays", "poids", "prix", "processus", "progrès", "recours", "repas", "secours", "succès", "temps", "heureux",
}  # fmt: skip
NOT_NOUNS = {
    "vous", "nous", "sous", "dans", "sans", "plus", "moins", "très", "puis", "depuis", "alors", "toujours", "jamais",
    "parfois", "ailleurs", "lors", "hors", "vers", "mais", "tous", "des", "les", "ces", "mes", "tes", "ses", "nos",
    "vos", "leurs", "aux",
}  # fmt: skip

# Placeholders (in a msgid) and template variables (their last attribute) that hold a person's name, which may end
# with an initial and its period ("Inès M.").
NAME_PLACEHOLDERS = {"name", "who", "professional", "person", "coach", "sender", "author", "referent", "beneficiary"}
NAME_ATTRIBUTES = {"public_name", "get_full_name", "get_short_name", "full_name", "last_name", "referent_name"}

_PLACEHOLDER = r"%\((?P<name>\w+)\)[sd]"
_COUNT_NOUN = re.compile(_PLACEHOLDER + r"[ \u00a0\u202f]+(?P<word>[a-zà-ÿœæ][\wà-ÿœæ'’-]*)")
_PARENTHESISED_PLURAL = re.compile(r"[^\W\d_]\((?:s|x|es)\)")
_NAME_END = re.compile(_PLACEHOLDER + r"\.(?!\.)")

# Django's date format characters (django.utils.dateformat); any other letter is printed as it is.
DATE_FORMAT_CHARACTERS = set("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTuUwWyYzZ")
ABBREVIATIONS = {
    "M": "'M' prints a capitalised month cut without its period ('Déc', 'Jui' for juin)",
    "b": "'b' prints a month cut without its period ('déc')",
    "D": "'D' prints a day cut without its period ('sam')",
}
_NAMED_FORMAT = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Found:
    """A problem and where it is: the line in its file (1-based) and the text or format at fault."""

    line: int
    problem: Problem

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


def count_without_plural(msgid: str) -> list[str]:
    """The phrases of a text without a plural form where a count is followed by a plural word ("%(n)s lignes")."""
    found = []
    for match in _COUNT_NOUN.finditer(msgid):
        word = match.group("word").lower().rstrip("'’")
        if word[-1:] in ("s", "x") and len(word) > 2 and word not in INVARIABLE and word not in NOT_NOUNS:
            found.append(match.group(0))
    found += [match.group(0) for match in _PARENTHESISED_PLURAL.finditer(msgid)]
    return found


def name_ending_sentence(msgid: str) -> list[str]:
    """Name placeholders right before a period: "envoyée à %(name)s." reads "envoyée à Inès M.."."""
    return [match.group(0) for match in _NAME_END.finditer(msgid) if match.group("name") in NAME_PLACEHOLDERS]


def date_format_problems(date_format: str) -> list[Problem]:
    """What is wrong with a date format written in a template or in code (a named format is always fine)."""
    if _NAMED_FORMAT.match(date_format):
        return []
    problems, literal, escaped = [], [], False
    for char in date_format:
        if escaped:
            escaped = False
            if char.isalpha():
                literal.append(char)
            continue
        if char == "\\":
            escaped = True
        elif char in ABBREVIATIONS:
            problems.append(
                Problem(
                    "date_abbreviation",
                    f"{ABBREVIATIONS[char]}: use a named format of openbilan/formats (ABBR_DATE_FORMAT: '6 déc.').",
                    date_format,
                )
            )
        elif char.isalpha() and char not in DATE_FORMAT_CHARACTERS:
            literal.append(char)
    if literal:
        problems.append(
            Problem(
                "date_words",
                "The format writes words that stay French in English: use a named format of openbilan/formats.",
                date_format,
            )
        )
    return problems


def text_problems(msgid: str, *, has_plural: bool) -> list[Problem]:
    """The typography problems of one translatable text (its msgid, placeholders written %(name)s)."""
    problems = []
    if not has_plural:
        for phrase in count_without_plural(msgid):
            problems.append(
                Problem(
                    "count_without_plural",
                    "A count before a plural word needs a plural form (ngettext, blocktranslate count): "
                    "French uses the singular for 0 and 1.",
                    phrase,
                )
            )
    for phrase in name_ending_sentence(msgid):
        problems.append(
            Problem(
                "name_ends_sentence",
                "A name with its initial ('Inès M.') would end in two periods: put the name elsewhere.",
                phrase,
            )
        )
    return problems


# --- Templates --------------------------------------------------------------------------------------------------------

_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
_BLOCK = re.compile(
    r"\{%\s*(?:blocktranslate|blocktrans)\b(?P<args>.*?)%\}(?P<body>.*?)\{%\s*(?:endblocktranslate|endblocktrans)\s*%\}",
    re.DOTALL,
)
_PLURAL_TAG = re.compile(r"\{%\s*plural\s*%\}")
_VARIABLE = re.compile(r"\{\{\s*(\w+)[^}]*\}\}")
_DATE_FILTER = re.compile(r"""\|(?:date|time):(?:"([^"]*)"|'([^']*)')""")
_NOW_TAG = re.compile(r"""\{%\s*now\s+(?:"([^"]*)"|'([^']*)')""")
_RAW_NAME_END = re.compile(r"\{\{\s*(?:[\w]+\.)*(?P<attribute>\w+)\s*\}\}\.(?!\.)")


def _line(source: str, index: int) -> int:
    return source.count("\n", 0, index) + 1


def _block_msgid(body: str) -> str:
    return _VARIABLE.sub(lambda match: f"%({match.group(1)})s", body)


def template_problems(source: str) -> list[Found]:
    """The typography problems of a Django template's source: its texts and its date formats."""
    found = []
    for match in _TRANSLATE.finditer(source):
        msgid = match.group(1) if match.group(1) is not None else match.group(2)
        found += [Found(_line(source, match.start()), p) for p in text_problems(msgid, has_plural=False)]
    for match in _BLOCK.finditer(source):
        args, body = match.group("args"), match.group("body")
        has_plural = bool(_PLURAL_TAG.search(body)) or bool(re.search(r"\bcount\b", args))
        for part in _PLURAL_TAG.split(body):
            problems = text_problems(_block_msgid(part), has_plural=has_plural)
            found += [Found(_line(source, match.start()), p) for p in problems]
    for pattern in (_DATE_FILTER, _NOW_TAG):
        for match in pattern.finditer(source):
            date_format = match.group(1) if match.group(1) is not None else match.group(2)
            found += [Found(_line(source, match.start()), p) for p in date_format_problems(date_format)]
    for match in _RAW_NAME_END.finditer(source):
        if match.group("attribute") not in NAME_ATTRIBUTES:
            continue
        problem = Problem(
            "name_ends_sentence",
            "A name with its initial ('Inès M.') would end in two periods: put the name elsewhere.",
            match.group(0),
        )
        found.append(Found(_line(source, match.start()), problem))
    return sorted(found, key=lambda item: item.line)


# --- Python -----------------------------------------------------------------------------------------------------------

GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy"}
NGETTEXT = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
DATE_FUNCTIONS = {"date_format", "time_format"}
_STRFTIME_NAMES = re.compile(r"%[aAbBch]")


def _called(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return ""


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_problems(source: str) -> list[Found]:
    """The typography problems of a Python module: gettext texts, date formats and strftime month or day names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name in GETTEXT | PGETTEXT:
            position = 1 if name in PGETTEXT else 0
            msgid = _string(node.args[position]) if len(node.args) > position else None
            if msgid is not None:
                found += [Found(node.lineno, p) for p in text_problems(msgid, has_plural=False)]
        elif name in NGETTEXT:
            position = 1 if name.startswith("np") else 0
            for argument in node.args[position : position + 2]:
                msgid = _string(argument)
                if msgid is not None:
                    found += [Found(node.lineno, p) for p in text_problems(msgid, has_plural=True)]
        elif name in DATE_FUNCTIONS:
            argument = node.args[1] if len(node.args) > 1 else None
            argument = next((k.value for k in node.keywords if k.arg == "format"), argument)
            date_format = _string(argument)
            if date_format is not None:
                found += [Found(node.lineno, p) for p in date_format_problems(date_format)]
        elif name == "strftime":
            date_format = _string(node.args[0]) if node.args else None
            if date_format is not None and _STRFTIME_NAMES.search(date_format):
                problem = Problem(
                    "strftime_names",
                    "strftime names months and days in English whatever the language: use date_format with a "
                    "named format.",
                    date_format,
                )
                found.append(Found(node.lineno, problem))
    return sorted(found, key=lambda item: item.line)
