from openbilan.accounts.models import Membership, Organisation, Role, User
from openbilan.demo import DEMO_PASSWORD, load_demo
from openbilan.enrolments.models import Enrolment
from openbilan.programmes.models import Programme


def counts():
    return [m.objects.count() for m in (User, Organisation, Membership, Programme, Enrolment)]


def test_demo_has_one_login_per_role(db):
    context = load_demo()
    demo_users = User.objects.filter(email__in=[email for _role, email, _password in context.logins])
    assert {role for user in demo_users for role in user.roles} == set(Role.values)
    assert all(user.check_password(DEMO_PASSWORD) for user in demo_users)


def test_loading_the_demo_twice_duplicates_nothing(db):
    load_demo()
    before = counts()
    load_demo()
    assert counts() == before


def test_demo_enrolments_under_way_have_the_persons_consent(db):
    load_demo()
    under_way = Enrolment.objects.filter(status__in=["active", "paused", "completed"])
    assert under_way.exists()
    assert not under_way.filter(consented_at__isnull=True).exists()
