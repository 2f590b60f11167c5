"""The typography checker (openbilan.plain_language.typography): each rule catches what it is for and lets correct
French through; then every template and module of the project passes it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.plain_language.typography import (
    count_without_plural,
    date_format_problems,
    name_ending_sentence,
    python_problems,
    template_problems,
    text_problems,
)
from tests.plain_language import inventory


def codes(problems):
    return [getattr(p, "problem", p).code for p in problems]


# --- Counts -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgid",
    ["Fichier « %(name)s » : %(rows)s lignes.", "Il reste %(left)s semaines", "%(n)s personnes inscrites", "métier(s)"],
)
def test_a_count_before_a_plural_word_without_a_plural_form_is_flagged(msgid):
    assert count_without_plural(msgid)
    assert codes(text_problems(msgid, has_plural=False)) == ["count_without_plural"]


@pytest.mark.parametrize(
    "msgid",
    [
        "%(operator)s vous invite au programme « %(programme)s ».",  # a name before a pronoun
        "Depuis %(n)s mois",  # the same word in the singular
        "Rang %(rank)s sur %(total)s",  # no noun after the count
        "Réponses : %(n)s sur %(total)s.",  # the noun before the count
        "%(minutes)s min",  # a unit symbol
        "Vous avez %(held)s des compétences",  # an article
    ],
)
def test_correct_or_harmless_counts_pass(msgid):
    assert count_without_plural(msgid) == []


def test_a_text_with_a_plural_form_passes():
    assert text_problems("%(n)s lignes", has_plural=True) == []


# --- Names ------------------------------------------------------------------------------------------------------------


def test_a_name_at_the_end_of_a_sentence_is_flagged_elsewhere_it_passes():
    assert name_ending_sentence("Votre demande est envoyée à %(name)s. Vous recevrez un e-mail.") == ["%(name)s."]
    assert name_ending_sentence("%(name)s a reçu votre demande.") == []
    assert name_ending_sentence("Le %(date)s.") == []  # not a name
    assert name_ending_sentence("Attendez… %(name)s...") == []  # an ellipsis is not a period


# --- Dates ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_format", "expected"),
    [
        ("j M Y", ["date_abbreviation"]),
        ("D j M H:i", ["date_abbreviation", "date_abbreviation"]),
        ("j b", ["date_abbreviation"]),
        ("l j F à H:i", ["date_words"]),
        ("j F Y \\à H\\hi", ["date_words"]),
        ("j \\M", ["date_words"]),  # an escaped M is the letter M, a word
        ("j N Y", []),
        ("j F Y H:i", []),
        ("d/m/Y", []),
        ("ABBR_DATE_FORMAT", []),
        ("SHORT_DATE_FORMAT", []),
    ],
)
def test_date_formats(date_format, expected):
    assert codes(date_format_problems(date_format)) == expected


# --- Templates and modules --------------------------------------------------------------------------------------------


def test_a_template_s_texts_and_date_formats_are_checked_with_their_lines():
    source = (
        "{% load i18n %}\n"
        "<p>{% blocktranslate with rows=preview.rows %}{{ rows }} lignes.{% endblocktranslate %}</p>\n"
        "<p>{% blocktranslate count counter=n %}{{ counter }} ligne.{% plural %}{{ counter }} lignes."
        "{% endblocktranslate %}</p>\n"
        '<p>{{ message.created_at|date:"j M Y" }} · {% now "j N Y" %} · {{ x|date:\'ABBR_DATE_FORMAT\' }}</p>\n'
        "<p>{% blocktranslate with name=p.public_name %}Envoyé à {{ name }}.{% endblocktranslate %}</p>\n"
        "<p>{{ card.profile.public_name }}. {{ programme.name }}.</p>\n"
        '<p>{% translate "Au moins %(n)s jours" %}</p>\n'
    )
    found = [(item.line, item.problem.code) for item in template_problems(source)]
    assert found == [
        (2, "count_without_plural"),
        (4, "date_abbreviation"),
        (5, "name_ends_sentence"),
        (6, "name_ends_sentence"),
        (7, "count_without_plural"),
    ]


def test_a_module_s_gettext_texts_date_formats_and_strftime_names_are_checked():
    source = (
        "from django.utils.translation import gettext as _, ngettext, pgettext\n"
        "from django.utils import formats\n"
        "a = _('%(n)s jours')\n"
        "b = ngettext('%(n)s jour', '%(n)s jours', n)\n"
        "c = pgettext('rendez-vous', '%(n)s créneaux')\n"
        "d = formats.date_format(x, 'j M H:i')\n"
        "e = formats.date_format(x, format='ABBR_DATE_FORMAT')\n"
        "f = x.strftime('%d %b %Y')\n"
        "g = x.strftime('%d/%m/%Y')\n"
    )
    found = [(item.line, item.problem.code) for item in python_problems(source)]
    assert found == [
        (3, "count_without_plural"),
        (5, "count_without_plural"),
        (6, "date_abbreviation"),
        (8, "strftime_names"),
    ]


@given(st.text())
def test_any_text_is_checked_without_error_and_what_is_flagged_is_in_it(text):
    for phrase in count_without_plural(text) + name_ending_sentence(text):
        assert phrase in text
    template_problems(text)


# --- The project ------------------------------------------------------------------------------------------------------


def test_every_template_and_module_of_the_project_passes_the_typography_check():
    found = inventory.typography_problems()
    assert not found, "\n".join(found)


def test_each_typography_exception_is_still_needed_and_has_a_reason():
    found = inventory.typography_problems(keep_allowed=True)
    for (path, detail), reason in inventory.TYPOGRAPHY_ALLOWED.items():
        assert reason
        assert any(line.startswith(f"{path}:") and line.endswith(detail) for line in found), (path, detail)


def test_the_command_line_checks_the_typography_of_files(tmp_path, capsys):
    from openbilan.plain_language.__main__ import main

    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text('{{ d|date:"ABBR_DATE_FORMAT" }}', encoding="utf-8")
    bad.write_text('{% load i18n %}\n{{ d|date:"j M Y" }}', encoding="utf-8")
    assert main(["--typography", str(good)]) == 0
    assert main(["--typography", str(good), str(bad)]) == 1
    assert f"{bad}:2: date_abbreviation" in capsys.readouterr().out
