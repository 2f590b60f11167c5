"""Dates read as French writes them ("6 déc. 2025", "sam. 6 déc. à 14:05"), and as English does once chosen, through
the named formats of openbilan/formats (settings.FORMAT_MODULE_PATH)."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from openbilan.plain_language.typography import date_format_problems

MOMENT = datetime.datetime(2025, 12, 6, 14, 5)
JULY = datetime.date(2025, 7, 1)


def project_names(language: str) -> set[str]:
    module = importlib.import_module(f"openbilan.formats.{language}.formats")
    return {name for name in vars(module) if name.endswith("_FORMAT")}


def test_every_language_defines_every_named_format_of_the_project():
    """A name missing for one language would print the name itself, letter by letter, as a format."""
    custom = set.union(*(project_names(code) for code, _name in settings.LANGUAGES)) - set(formats.FORMAT_SETTINGS)
    for code, _name in settings.LANGUAGES:
        assert custom <= project_names(code), code


@pytest.mark.parametrize(
    ("name", "french", "english"),
    [
        ("ABBR_DATE_FORMAT", "6 déc. 2025", "6 Dec 2025"),
        ("ABBR_DATETIME_FORMAT", "6 déc. 2025 à 14:05", "6 Dec 2025, 14:05"),
        ("ABBR_MONTH_DAY_TIME_FORMAT", "6 déc. à 14:05", "6 Dec, 14:05"),
        ("ABBR_WEEKDAY_MONTH_DAY_TIME_FORMAT", "sam. 6 déc. à 14:05", "Sat 6 Dec, 14:05"),
        ("ABBR_WEEKDAY_DATETIME_FORMAT", "sam. 6 déc. 2025 à 14:05", "Sat 6 Dec 2025, 14:05"),
        ("WEEKDAY_MONTH_DAY_TIME_FORMAT", "samedi 6 décembre à 14:05", "Saturday 6 December, 14:05"),
        ("DATETIME_FORMAT", "6 décembre 2025 à 14:05", "Dec. 6, 2025, 2:05 p.m."),
    ],
)
def test_each_named_format_reads_right_in_french_and_in_english(name, french, english):
    template = Template("{{ moment|date:name }}")
    with translation.override("fr"):
        assert template.render(Context({"moment": MOMENT, "name": name})) == french
    with translation.override("en"):
        assert template.render(Context({"moment": MOMENT, "name": name})) == english


def test_months_read_as_french_abbreviates_them_not_as_django_s_m():
    with translation.override("fr"):
        assert formats.date_format(JULY, "ABBR_DATE_FORMAT") == "1 juil. 2025"
        assert formats.date_format(JULY.replace(month=6), "ABBR_DATE_FORMAT") == "1 juin 2025"
        # what the checker forbids, and why: capitalised, cut without a period ("Jui" for juin)
        assert formats.date_format(JULY.replace(month=6), "j M Y") == "1 Jui 2025"


def test_the_project_s_french_formats_pass_the_typography_checker_as_names_not_as_strings():
    for name in project_names("fr"):
        assert date_format_problems(name) == []
