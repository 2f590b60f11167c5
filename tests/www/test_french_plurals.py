"""French uses the singular for 0 and 1 ("0 métier trouvé"): the French plural catalogue that compilemessages writes
(openbilan/www/management/commands/compilemessages.py) gives gettext the French rule for every plural message."""

import ast

from django.template import Context, Template
from django.utils import translation

from openbilan.www.management.commands import compilemessages


def text(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def plural_messages():
    found = []
    for path in compilemessages.english_catalogues():
        for entry in compilemessages.entries(path.read_text(encoding="utf-8")):
            if "msgid_plural" in entry:
                found.append((text(entry.get("msgctxt", [])), text(entry["msgid"]), text(entry["msgid_plural"])))
    return found


def test_french_uses_the_singular_for_zero_and_one_in_a_template():
    template = Template(
        "{% load i18n %}{% blocktranslate trimmed count counter=n %}{{ counter }} métier trouvé."
        "{% plural %}{{ counter }} métiers trouvés.{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert [template.render(Context({"n": n})) for n in (0, 1, 2)] == [
            "0 métier trouvé.",
            "1 métier trouvé.",
            "2 métiers trouvés.",
        ]
    with translation.override("en"):
        assert template.render(Context({"n": 0})) == "0 occupations found."


def test_every_plural_message_of_the_english_catalogues_reads_french_for_zero():
    """Compiled catalogues: run compilemessages first (make does it)."""
    messages = plural_messages()
    assert len(messages) > 20
    wrong = []
    with translation.override("fr"):
        for context, singular, plural in messages:
            got = [
                translation.npgettext(context, singular, plural, n)
                if context
                else translation.ngettext(singular, plural, n)
                for n in (0, 1, 2)
            ]
            if got != [singular, singular, plural]:
                wrong.append(singular)
    assert not wrong, "run manage.py compilemessages:\n" + "\n".join(wrong)


def test_the_french_catalogue_keeps_contexts_and_long_messages_and_leaves_out_singular_ones(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#: a.html:1\nmsgid "Un texte"\nmsgstr "A text"\n\n'
        '#, python-format\nmsgctxt "rendez-vous"\nmsgid "%(n)s créneau"\nmsgid_plural "%(n)s créneaux"\n'
        'msgstr[0] "%(n)s slot"\nmsgstr[1] "%(n)s slots"\n\n'
        'msgid ""\n"Une longue phrase de %(n)s ligne "\n"« citée »."\nmsgid_plural ""\n"%(n)s lignes \\"x\\""\n'
        'msgstr[0] "a"\nmsgstr[1] "b"\n\n'
        '#~ msgid "%(n)s ancien"\n#~ msgid_plural "%(n)s anciens"\n#~ msgstr[0] "old"\n#~ msgstr[1] "old"\n',
        encoding="utf-8",
    )
    written = compilemessages.french_plurals([po, po])  # the same message twice: written once
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in written
    assert "Un texte" not in written and "ancien" not in written
    assert written.count('msgid "%(n)s créneau"') == 1
    assert 'msgctxt "rendez-vous"\nmsgid "%(n)s créneau"\nmsgid_plural "%(n)s créneaux"\n' in written
    assert 'msgstr[0] "%(n)s créneau"\nmsgstr[1] "%(n)s créneaux"' in written
    assert (
        'msgstr[0] ""\n"Une longue phrase de %(n)s ligne "\n"« citée »."\nmsgstr[1] ""\n"%(n)s lignes \\"x\\""'
        in written
    )
