import pytest
from django.core.exceptions import ValidationError

from openbilan.accounts import services
from openbilan.accounts.models import Organisation, Role
from tests.accounts.factories import OrganisationFactory, UserFactory


def test_a_role_must_fit_the_organisation_kind(db):
    funder = OrganisationFactory(funder=True)
    with pytest.raises(ValidationError) as error:
        services.grant_role(user=UserFactory(), organisation=funder, role=Role.COACH)
    assert "ne peut pas être donné" in str(error.value)


def test_granting_a_role_twice_keeps_one_membership(db):
    user, operator = UserFactory(), OrganisationFactory(kind=Organisation.Kind.OPERATOR)
    services.grant_role(user=user, organisation=operator, role=Role.COACH)
    services.grant_role(user=user, organisation=operator, role=Role.COACH)
    assert user.memberships.count() == 1
    assert user.is_coach


def test_upsert_user_finds_the_account_whatever_the_case(db):
    first = services.upsert_user(email="Marie@Example.org", first_name="Marie", last_name="Curie", password="x" * 12)
    again = services.upsert_user(email="marie@example.org", first_name="Marie", last_name="Sklodowska")
    assert first.pk == again.pk
    assert again.check_password("x" * 12)


def test_primary_role_prefers_staff_roles(db):
    user = UserFactory(role=Role.BENEFICIARY)
    services.grant_role(user=user, organisation=OrganisationFactory(), role=Role.COACH)
    assert user.primary_role == Role.COACH


def test_set_password_changes_only_the_password(db):
    user = UserFactory(first_name="Ada")
    services.set_password(user=user, password="un mot de passe solide 42")
    user.refresh_from_db()
    assert user.check_password("un mot de passe solide 42")
    assert user.first_name == "Ada"
