from openbilan.accounts.models import Role
from tests.accounts.factories import UserFactory, coach


def test_user_factory_with_role_creates_membership(db):
    user = UserFactory(role=Role.PRESCRIBER)
    assert user.roles == {Role.PRESCRIBER}
    assert user.memberships.get().organisation.kind == "prescriber"


def test_coach_helper_gives_an_operator_membership(db):
    assert coach().memberships.get().organisation.kind == "operator"
