"""The orientation profile gathered from the domains that own it, and who may see a person's suggestions."""

import pytest

from openbilan.recommendations import selectors
from tests.accounts.factories import beneficiary, coach, funder_viewer, operator_admin, prescriber
from tests.programmes.factories import EnrolmentFactory
from tests.recommendations.factories import NIGHT, Imperatives, person_with_evidence, referential

pytestmark = pytest.mark.django_db


@pytest.fixture
def rome():
    return referential()


def test_profile_gathers_interests_values_past_jobs_and_imperatives(rome):
    person = person_with_evidence(past=("D1214",), imperatives=Imperatives((NIGHT,), "5", "1y", "no"))
    profile = selectors.orientation_profile(person)
    assert max(profile.riasec, key=profile.riasec.get) == "S"
    assert profile.work_values[0] == "relationships"
    assert profile.past_occupations == ("D1214",)
    assert profile.imperatives.excluded_contexts == frozenset({NIGHT})
    assert (profile.imperatives.qualification_level, profile.imperatives.max_training) == ("5", "1y")
    assert profile.imperatives.self_employment == "no"


def test_unsaid_imperatives_filter_nothing(rome):
    person = person_with_evidence()
    imperatives = selectors.orientation_profile(person).imperatives
    assert imperatives.qualification_level is None
    assert (imperatives.max_training, imperatives.self_employment) == ("any", "maybe")


def test_outlook_never_suggests_an_excluded_context(rome):
    person = person_with_evidence(imperatives=Imperatives((NIGHT,), "", "", ""))
    outlook = selectors.outlook_for(person)
    codes = [s.code_rome for s in outlook.ranking.suggestions(20)]
    assert "J1506" not in codes and "J1501" not in codes and "N1101" not in codes
    assert outlook.ranking.explain("J1506").excluded_by.kind == "context"


def test_the_person_and_their_coach_may_view_nobody_else(rome):
    enrolment = EnrolmentFactory()
    person = enrolment.beneficiary
    assert selectors.can_view(person, person)
    assert selectors.can_view(enrolment.coach, person)
    for other in (coach(), beneficiary(), operator_admin(), funder_viewer(), prescriber()):
        assert not selectors.can_view(other, person)


def test_person_for_is_only_for_the_coach(rome):
    enrolment = EnrolmentFactory()
    assert selectors.person_for(enrolment.coach, enrolment.beneficiary.pk) == enrolment.beneficiary
    assert selectors.person_for(enrolment.beneficiary, enrolment.beneficiary.pk) is None
    assert selectors.person_for(coach(), enrolment.beneficiary.pk) is None
    assert selectors.person_for(enrolment.coach, 10**9) is None


def test_skills_to_confirm_lists_the_core_skills_of_past_jobs(rome):
    person = person_with_evidence(past=("D1214",))
    past = selectors.past_occupations_of(person)
    groups = selectors.skills_to_confirm(person, past)
    assert [(job.code_rome, [s.code_ogr for s in skills]) for job, skills in groups] == [("D1214", [100, 101, 102])]
