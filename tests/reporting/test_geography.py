"""The département of a postcode (until enrolments carry their commune)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.reporting.geography import DEPARTEMENTS, departement_of


@pytest.mark.parametrize(
    ("postcode", "departement"),
    [
        ("14000", "14"),
        ("01400", "01"),
        ("20000", "2A"),
        ("20190", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97100", "971"),
        ("97400", "974"),
        ("97600", "976"),
        ("98800", "988"),
        ("98000", ""),  # Monaco
        ("1400", ""),
        ("14 000", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_the_departement_of_a_postcode(postcode, departement):
    assert departement_of(postcode) == departement


@given(st.text(max_size=8))
def test_any_text_gives_a_known_departement_or_unknown(text):
    assert departement_of(text) in {*DEPARTEMENTS, ""}
