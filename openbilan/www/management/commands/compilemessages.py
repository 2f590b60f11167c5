"""`manage.py compilemessages`, with the French plural catalogue written first.

French is the source language: its msgids are never translated, so gettext has no French catalogue and falls back to
its built-in rule for a plural message, "singular when n == 1" (the English rule), and prints "0 métiers trouvés".
French uses the singular for 0 and 1. So before compiling, this command writes locale/fr/LC_MESSAGES/django.po with
the French plural rule and one entry per plural message of the project's English catalogues (msgstr[0] = msgid,
msgstr[1] = msgid_plural). The file is generated at each compilation (it is not kept in git).
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.commands import compilemessages

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Language: fr\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def english_catalogues() -> list[Path]:
    """The project's English catalogues: LOCALE_PATHS and the locale folder of each of its own apps."""
    folders = [Path(path) for path in settings.LOCALE_PATHS]
    folders += [Path(c.path) / "locale" for c in apps.get_app_configs() if c.name.split(".")[0] == "openbilan"]
    found = []
    for folder in folders:
        po = folder.resolve() / "en" / "LC_MESSAGES" / "django.po"
        if po.is_file() and po not in found:
            found.append(po)
    return found


def entries(text: str) -> list[dict[str, list[str]]]:
    """The entries of a .po file: each keyword (msgctxt, msgid, msgid_plural, msgstr...) with its quoted lines, as
    written. Comments, flags and obsolete entries (#~) are skipped."""
    result, entry, keyword = [], {}, None
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry:
                result.append(entry)
            entry, keyword = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if keyword is not None:
                entry[keyword].append(line)
        else:
            keyword, _space, rest = line.partition(" ")
            if keyword in entry:  # a new entry without a blank line between
                result.append(entry)
                entry = {}
            entry[keyword] = [rest]
    return result


def french_plurals(catalogues: list[Path]) -> str:
    """The French catalogue of the plural messages found in `catalogues` (the first occurrence of each wins)."""
    blocks, seen = [HEADER], set()
    for path in catalogues:
        for entry in entries(path.read_text(encoding="utf-8")):
            if "msgid_plural" not in entry:
                continue
            key = ("\n".join(entry.get("msgctxt", [])), "\n".join(entry["msgid"]))
            if key in seen:
                continue
            seen.add(key)
            lines = [f"msgctxt {chr(10).join(entry['msgctxt'])}"] if "msgctxt" in entry else []
            lines.append("msgid " + "\n".join(entry["msgid"]))
            lines.append("msgid_plural " + "\n".join(entry["msgid_plural"]))
            lines.append("msgstr[0] " + "\n".join(entry["msgid"]))
            lines.append("msgstr[1] " + "\n".join(entry["msgid_plural"]))
            blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def write_french_plurals() -> Path:
    target = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(french_plurals(english_catalogues()), encoding="utf-8")
    return target


class Command(compilemessages.Command):
    help = compilemessages.Command.help + " Writes the French plural catalogue first (French is the source language)."

    def handle(self, **options):
        write_french_plurals()
        return super().handle(**options)
