import pytest
from django.urls import reverse

from openbilan.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

HOMES = {
    Role.BENEFICIARY: "www:beneficiary_home",
    Role.COACH: "www:coach_home",
    Role.OPERATOR_ADMIN: "www:operator_home",
    Role.FUNDER_VIEWER: "www:funder_home",
    Role.PRESCRIBER: "www:prescriber_home",
}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_is_sent_to_its_home(client, db, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("www:home"))
    assert response.status_code == 302
    assert response.url == reverse(HOMES[role])
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("role", list(HOMES))
@pytest.mark.parametrize("other_home", list(HOMES))
def test_a_role_home_is_forbidden_to_other_roles(client, db, role, other_home):
    client.force_login(UserFactory(role=role))
    expected = 200 if role == other_home else 403
    assert client.get(reverse(HOMES[other_home])).status_code == expected


@pytest.mark.parametrize("name", [*HOMES.values(), "www:home"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_person_without_role_is_told_so(client, db):
    client.force_login(UserFactory())
    assert "aucun rôle" in client.get(reverse("www:home")).content.decode()


def test_coach_home_lists_only_their_caseload(client, db):
    mine = EnrolmentFactory()
    other = EnrolmentFactory()
    client.force_login(mine.coach)
    content = client.get(reverse("www:coach_home")).content.decode()
    assert mine.beneficiary.last_name in content
    assert other.beneficiary.get_full_name() not in content


def test_coach_caseload_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    first = EnrolmentFactory()
    client.force_login(first.coach)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("www:coach_home"))
    EnrolmentFactory.create_batch(20, coach=first.coach, programme=first.programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("www:coach_home"))


def test_funder_sees_small_counts_suppressed(client, db):
    programme = ProgrammeFactory()
    EnrolmentFactory.create_batch(3, programme=programme)
    viewer = UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder)
    client.force_login(viewer)
    content = client.get(reverse("www:funder_home")).content.decode()
    assert programme.name in content
    assert "&lt; 11" in content


def test_funder_sees_counts_from_eleven_people(client, db):
    programme = ProgrammeFactory()
    EnrolmentFactory.create_batch(11, programme=programme)
    from openbilan.reporting import services as reporting

    reporting.publish(programme=programme, kind="first")
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    response = client.get(reverse("www:funder_home"))
    assert response.context["rows"][0]["enrolled"] == "11"  # from the latest publication, never live counts


def test_funder_never_sees_another_funders_programme(client, db):
    mine, theirs = ProgrammeFactory(), ProgrammeFactory()
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=mine.funder))
    content = client.get(reverse("www:funder_home")).content.decode()
    assert mine.name in content
    assert theirs.name not in content


def test_prescriber_sees_only_their_referrals(client, db):
    referral = EnrolmentFactory(referred=True)
    stranger = EnrolmentFactory()
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=referral.prescriber))
    content = client.get(reverse("www:prescriber_home")).content.decode()
    assert referral.beneficiary.last_name in content
    assert stranger.beneficiary.get_full_name() not in content
