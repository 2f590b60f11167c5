"""The search: only approved professionals of the person's operators, in a constant number of queries."""

from openbilan.network import selectors
from openbilan.network.models import ProfessionalProfile, Region
from tests.coaching.factories import followed
from tests.network.factories import professional, requested
from tests.programmes.factories import ProgrammeFactory
from tests.recommendations.factories import referential


def test_search_finds_the_approved_professionals_of_the_occupation_in_the_network(db):
    referential()
    enrolment = followed(phase="investigation")
    operator = enrolment.programme.operator
    mine = professional(operator, codes=("K2111",))
    professional(operator, codes=("K2104",))
    professional(operator, codes=("K2111",), state=ProfessionalProfile.State.PENDING)
    professional(operator, codes=("K2111",), state=ProfessionalProfile.State.PAUSED)
    professional(ProgrammeFactory().operator, codes=("K2111",))
    cards = selectors.search(enrolment.beneficiary, codes=["K2111"])
    assert [card.profile for card in cards] == [mine]
    assert [o.code_rome for o in cards[0].occupations] == ["K2111"]


def test_search_filters_by_region(db):
    referential()
    enrolment = followed(phase="investigation")
    operator = enrolment.programme.operator
    professional(operator, region=Region.NORMANDIE)
    breton = professional(operator, region=Region.BRETAGNE)
    cards = selectors.search(enrolment.beneficiary, codes=["K2111"], region=Region.BRETAGNE)
    assert [card.profile for card in cards] == [breton]


def test_a_professional_with_three_pending_requests_is_shown_as_busy(db):
    referential()
    enrolment = followed(phase="investigation")
    profile = professional(enrolment.programme.operator)
    for _ in range(3):
        requested(followed(phase="investigation", programme=enrolment.programme), profile)
    card = selectors.search(enrolment.beneficiary, codes=["K2111"])[0]
    assert card.pending == 3
    assert not card.accepts_requests


def test_search_takes_the_same_queries_for_two_or_twenty_professionals(db, django_assert_num_queries):
    referential()
    enrolment = followed(phase="investigation")
    operator = enrolment.programme.operator
    for _ in range(2):
        professional(operator, codes=("K2111", "K2104"))
    person = enrolment.beneficiary
    person.__dict__.pop("roles", None)
    with django_assert_num_queries(3):  # the person's roles, the profiles with their counts, their occupations
        assert len(selectors.search(person, codes=["K2111"])) == 2
    for _ in range(18):
        professional(operator, codes=("K2111", "K2104"))
    person.__dict__.pop("roles", None)
    with django_assert_num_queries(3):
        assert len(selectors.search(person, codes=["K2111"])) == 20


def test_nobody_without_a_bilan_in_progress_searches(db):
    referential()
    enrolment = followed(phase="investigation")
    professional(enrolment.programme.operator)
    assert selectors.search(enrolment.coach, codes=["K2111"]) == []
    assert not selectors.can_search(enrolment.coach)
