"""Where the person stands in the weeks of their bilan, as a sentence that adds up ("Semaine 1 sur 12 · encore 11
semaines après celle-ci"), in French and in English."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from openbilan.journeys.progress import summarise


def line(days: int, weeks: int = 12, language: str = "fr") -> str:
    with translation.override(language):
        html = render_to_string("journeys/includes/weeks.html", {"summary": summarise([], "preliminary", weeks, days)})
    return " ".join(html.split()).replace('<p class="weeks">', "").replace("</p>", "").strip()


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "Semaine 1 sur 12 · encore 11 semaines après celle-ci"),
        (7 * 10, "Semaine 11 sur 12 · encore 1 semaine après celle-ci"),
        (7 * 11 + 3, "Semaine 12 sur 12 · c'est la dernière semaine"),
        (7 * 13, "Semaine 14 · le bilan devait durer 12 semaines"),
    ],
)
def test_the_weeks_line_adds_up_at_each_moment_of_the_bilan(days, expected):
    assert line(days) == expected


def test_a_one_week_bilan_reads_in_the_singular():
    assert line(7, weeks=1) == "Semaine 2 · le bilan devait durer 1 semaine"


def test_the_weeks_line_in_english():
    assert line(0, language="en") == "Week 1 of 12 · 11 more weeks after this one"
    assert line(7 * 11, language="en") == "Week 12 of 12 · this is the last week"
