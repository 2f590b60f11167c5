"""Writes: centres d'intérêt, confirmed skills, reactions and the shortlist; only the person writes their own."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from openbilan.recommendations import selectors, services
from openbilan.recommendations.models import CentreChoice, ConfirmedSkill, PathKind, Reaction, ShortlistItem
from tests.accounts.factories import beneficiary, coach
from tests.recommendations.factories import person_with_evidence, referential

pytestmark = pytest.mark.django_db


@pytest.fixture
def rome():
    return referential()


def test_choosing_centres_replaces_the_previous_choice(rome):
    person = beneficiary()
    services.choose_centres(user=person, codes=["21", "22"])
    services.choose_centres(user=person, codes=[22, 17])
    assert selectors.centre_codes_of(person) == frozenset({22, 17})


def test_an_unknown_centre_changes_nothing(rome):
    person = beneficiary()
    services.choose_centres(user=person, codes=[21])
    with pytest.raises(services.InvalidChoice):
        services.choose_centres(user=person, codes=[22, 999])
    assert selectors.centre_codes_of(person) == frozenset({21})


def test_only_core_skills_of_past_jobs_can_be_confirmed(rome):
    person = person_with_evidence(past=("D1214",))
    services.confirm_skills(user=person, codes=[100, "101"])
    assert selectors.confirmed_skill_codes_of(person) == frozenset({100, 101})
    with pytest.raises(services.InvalidChoice):
        services.confirm_skills(user=person, codes=[100, 120])  # 120 is a skill of K2113, not a past job
    assert selectors.confirmed_skill_codes_of(person) == frozenset({100, 101})


def test_confirmed_skills_count_as_transferable(rome):
    person = person_with_evidence(past=("D1214",))
    services.confirm_skills(user=person, codes=[100, 101])
    suggestion = selectors.outlook_for(person).ranking.explain("K2111")
    skills = next(r for r in suggestion.reasons if r.kind == "skills")
    assert skills.data["held"] == [100, 101]
    assert skills.data["total"] == 4


def test_reaction_is_stored_with_rank_and_score_and_can_change(rome):
    person = beneficiary()
    services.react(user=person, code_rome="k2111", kind="fits", rank=3, score=0.61, version="v1")
    services.react(user=person, code_rome="K2111", kind="unsure", rank=4, score=0.58)
    reaction = Reaction.objects.get(user=person)
    assert (reaction.kind, reaction.rank, reaction.score, reaction.occupation.code_rome) == ("unsure", 4, 0.58, "K2111")


def test_an_unknown_reaction_or_occupation_is_refused(rome):
    person = beneficiary()
    with pytest.raises(services.InvalidChoice):
        services.react(user=person, code_rome="K2111", kind="love")
    with pytest.raises(services.UnknownOccupation):
        services.react(user=person, code_rome="Z9999", kind="fits")
    assert not Reaction.objects.exists()


def test_a_coach_cannot_react_or_shortlist(rome):
    with pytest.raises(services.NotAllowed):
        services.react(user=coach(), code_rome="K2111", kind="fits")
    with pytest.raises(services.NotAllowed):
        services.add_to_shortlist(user=coach(), code_rome="K2111")


def test_shortlist_keeps_one_row_per_occupation_with_its_path(rome):
    person = beneficiary()
    services.add_to_shortlist(user=person, code_rome="D1209")
    services.add_to_shortlist(user=person, code_rome="D1209", path=PathKind.BUSINESS)
    item = ShortlistItem.objects.get(user=person)
    assert item.path == PathKind.BUSINESS
    assert services.remove_from_shortlist(user=person, code_rome="D1209") is True
    assert services.remove_from_shortlist(user=person, code_rome="D1209") is False


class HostileInputTests(HypothesisTestCase):
    """Whatever a hostile form sends, the services either save valid data or raise a RecommendationError."""

    @classmethod
    def setUpTestData(cls):
        referential()
        cls.person = beneficiary()

    @settings(max_examples=40, deadline=None)
    @given(codes=st.lists(st.one_of(st.integers(-5, 10**6), st.text(max_size=8)), max_size=5))
    def test_centres(self, codes):
        try:
            services.choose_centres(user=self.person, codes=codes)
        except services.RecommendationError:
            return
        assert set(CentreChoice.objects.filter(user=self.person).values_list("centre__code", flat=True)) == {
            int(code) for code in codes
        }

    @settings(max_examples=40, deadline=None)
    @given(code=st.text(max_size=12), kind=st.text(max_size=12))
    def test_reactions(self, code, kind):
        before = list(Reaction.objects.filter(user=self.person).values_list("occupation_id", "kind"))
        try:
            reaction = services.react(user=self.person, code_rome=code, kind=kind)
        except services.RecommendationError:
            assert list(Reaction.objects.filter(user=self.person).values_list("occupation_id", "kind")) == before
        else:
            assert (reaction.occupation.code_rome, reaction.kind) == (code.upper(), kind)

    @settings(max_examples=20, deadline=None)
    @given(codes=st.lists(st.integers(0, 200), max_size=4))
    def test_skills_without_past_jobs(self, codes):
        with contextlib.suppress(services.RecommendationError):
            services.confirm_skills(user=self.person, codes=codes)
        assert ConfirmedSkill.objects.filter(user=self.person).count() == 0
