"""The arrays are built once per referential import; the demo gives Stéphanie reactions and a shortlist."""

import pytest

from openbilan.demo import load_demo
from openbilan.recommendations import arrays
from openbilan.recommendations.models import CentreChoice, Reaction, ShortlistItem
from openbilan.referential.models import ReferentialImport
from tests.recommendations.factories import referential

pytestmark = pytest.mark.django_db


def test_arrays_are_cached_until_the_next_import(django_assert_num_queries):
    referential(imported=True)
    first = arrays.prepared()
    with django_assert_num_queries(1):  # only the version check
        assert arrays.prepared() is first
    ReferentialImport.objects.create(checksum="next", rome_version="461", seconds=0.1)
    assert arrays.prepared() is not first


def test_arrays_cover_every_active_occupation_with_its_data():
    referential()
    prepared = arrays.prepared()
    assert prepared.size == 14
    assert prepared.parent_codes[prepared.index["K2113"]] == "K2104"
    assert prepared.core_skills[prepared.index["K2111"]] == (100, 101, 110, 111)
    assert prepared.mobility["D1214"] == ("K2111", "D1505")
    assert prepared.entries[prepared.index["J1506"]].mandatory
    assert not prepared.has_profile[prepared.index["K1717"]]


def test_demo_beneficiary_gets_centres_reactions_and_a_shortlist_once():
    referential()
    context = load_demo()
    person = context.users["beneficiary"]
    assert set(CentreChoice.objects.filter(user=person).values_list("centre__code", flat=True)) == {22}
    reactions = list(Reaction.objects.filter(user=person).order_by("rank").values_list("rank", "kind"))
    assert [kind for _rank, kind in reactions] == ["fits", "unsure", "not_for_me", "fits"]
    assert ShortlistItem.objects.filter(user=person).count() == 2
    load_demo()
    assert Reaction.objects.filter(user=person).count() == 4
