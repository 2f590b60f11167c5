"""Rate limits: counted in the database (shared by every process), per account or address, with a clear message."""

import datetime

import pytest
from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.network.models import ProfessionalProfile
from openbilan.privacy import erasure, throttle
from openbilan.privacy.models import Attempt
from openbilan.programmes.models import Referral
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    settings.OPENBILAN_RATE_LIMITS = {
        "signup": (2, 3600),
        "password_reset": (2, 3600),
        "invitation": (1, 86400),
        "referral": (1, 86400),
    }


def test_uses_up_to_the_limit_pass_and_the_next_is_refused_with_the_limit_in_the_message(tight):
    now = timezone.now()
    throttle.attempt("signup", "192.0.2.1", now=now)
    throttle.attempt("signup", "192.0.2.1", now=now)
    with pytest.raises(throttle.Throttled) as refused:
        throttle.attempt("signup", "192.0.2.1", now=now)
    assert refused.value.code == "throttled"
    assert "2 au plus par 60 minutes" in refused.value.messages[0]
    assert Attempt.objects.count() == 2  # a refused use is not counted


def test_the_limit_is_per_identity_and_per_scope(tight):
    now = timezone.now()
    for _ in range(2):
        throttle.attempt("signup", "192.0.2.1", now=now)
    throttle.attempt("signup", "192.0.2.2", now=now)
    throttle.attempt("password_reset", "192.0.2.1", now=now)


def test_uses_older_than_the_window_no_longer_count(tight):
    then = timezone.now() - datetime.timedelta(hours=2)
    for _ in range(2):
        throttle.attempt("signup", "192.0.2.1", now=then)
    throttle.attempt("signup", "192.0.2.1")


def test_no_address_or_account_is_stored_only_a_keyed_hash(tight):
    throttle.attempt("signup", "192.0.2.1")
    row = Attempt.objects.get()
    assert "192.0.2.1" not in row.who and len(row.who) == 64


def test_the_nightly_purge_forgets_old_uses(tight):
    throttle.attempt("signup", "192.0.2.1", now=timezone.now() - datetime.timedelta(days=2))
    throttle.attempt("signup", "192.0.2.1")
    erasure.purge_expired()
    assert Attempt.objects.count() == 1


def test_a_daily_limit_says_to_come_back_tomorrow():
    assert "par jour" in throttle.Throttled("invitation", 50, 86400).messages[0]


def test_the_password_reset_form_answers_429_past_the_limit_for_one_address(client, tight):
    for _ in range(2):
        assert client.post("/compte/mot-de-passe/oubli/", {"email": "x@example.org"}).status_code == 302
    refused = client.post("/compte/mot-de-passe/oubli/", {"email": "x@example.org"})
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    other = client.post("/compte/mot-de-passe/oubli/", {"email": "x@example.org"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_professional_sign_up_answers_429_past_the_limit_and_creates_nobody(client, tight):
    operator = ProgrammeFactory().operator
    throttle.attempt("signup", "127.0.0.1")
    throttle.attempt("signup", "127.0.0.1")
    data = {
        "operator": operator.pk,
        "first_name": "Luc",
        "last_name": "Petit",
        "email": "luc@example.org",
        "password": "un-mot-de-passe-long",
        "headline": "Cariste",
        "region": "nor",
        "codes": "N1101",
        "contact_mode": "phone",
    }
    response = client.post("/reseau/inscription/", data)
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert not ProfessionalProfile.objects.exists()


def test_a_prescriber_past_the_daily_limit_is_told_and_nothing_is_saved(client, tight):
    agency = OrganisationFactory(prescriber=True)
    programme = ProgrammeFactory()
    programme.prescribers.add(agency)
    adviser = UserFactory(role=Role.PRESCRIBER, role__organisation=agency)
    client.force_login(adviser)
    person = {"programme": programme.pk, "first_name": "Sarah", "last_name": "Lemoine"}
    client.post("/programmes/orienter/", {**person, "email": "sarah@exemple.fr"})
    refused = client.post("/programmes/orienter/", {**person, "email": "sarah2@exemple.fr"})
    assert refused.status_code in (200, 400)
    assert "Trop de demandes" in refused.content.decode()
    assert Referral.objects.count() == 1


def test_an_admin_past_the_daily_invitation_limit_is_refused(tight):
    from openbilan.network import services

    programme = ProgrammeFactory()
    admin = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    services.invite(operator=programme.operator, email="a@example.org", invited_by=admin)
    with pytest.raises(throttle.Throttled):
        services.invite(operator=programme.operator, email="b@example.org", invited_by=admin)
