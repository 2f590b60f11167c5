from openbilan.accounts.models import Membership, Organisation, Role, User
from openbilan.demo import DEMO_PASSWORD, load_demo
from openbilan.programmes.models import Enrolment, Programme


def counts():
    return [m.objects.count() for m in (User, Organisation, Membership, Programme, Enrolment)]


def test_demo_has_one_login_per_role(db):
    context = load_demo()
    roles = {role for user in context.users.values() for role in user.roles}
    assert roles == set(Role.values)
    assert all(user.check_password(DEMO_PASSWORD) for user in context.users.values())


def test_loading_the_demo_twice_duplicates_nothing(db):
    load_demo()
    before = counts()
    load_demo()
    assert counts() == before


def test_demo_enrolments_have_consent(db):
    load_demo()
    assert not Enrolment.objects.filter(consented_at__isnull=True).exists()
