"""Issue 16, finding 9: a session left open on a shared computer ends after a while without activity, sooner for staff
(who hold many people's files) than for beneficiaries; and every session ends SESSION_COOKIE_AGE after sign-in."""

import time

import pytest
from django.urls import reverse

from openbilan.www.accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from tests.accounts.factories import beneficiary, coach, verify_otp

MINUTE = 60


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.OPENBILAN_IDLE_MINUTES_STAFF = 30
    settings.OPENBILAN_IDLE_MINUTES = 120


def _idle_for(client, seconds, *, signed_in_ago=None):
    session = client.session
    now = int(time.time())
    session[LAST_SEEN] = now - seconds
    session[SIGNED_IN_AT] = now - (signed_in_ago if signed_in_ago is not None else seconds)
    session.save()


def _signed_in(client, user):
    client.force_login(user)
    verify_otp(client, user)
    assert client.get(reverse("www:home"), follow=True).wsgi_request.user.is_authenticated


def test_the_staff_idle_limit_is_shorter_than_the_beneficiaries(settings):
    from django.conf import settings as live

    assert live.OPENBILAN_IDLE_MINUTES_STAFF < live.OPENBILAN_IDLE_MINUTES


def test_a_coach_idle_longer_than_the_staff_limit_is_signed_out(client, db):
    _signed_in(client, coach())
    _idle_for(client, 31 * MINUTE)
    response = client.get(reverse("www:coach_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    assert not client.get(reverse("www:index")).wsgi_request.user.is_authenticated


def test_a_beneficiary_idle_as_long_is_still_signed_in(client, db):
    _signed_in(client, beneficiary())
    _idle_for(client, 31 * MINUTE)
    assert client.get(reverse("www:beneficiary_home")).status_code == 200


def test_a_beneficiary_idle_longer_than_their_limit_is_signed_out_with_a_message(client, db):
    _signed_in(client, beneficiary())
    _idle_for(client, 121 * MINUTE)
    response = client.get(reverse("www:beneficiary_home"), follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert "sans activité" in response.content.decode()


def test_activity_keeps_the_session_alive(client, db):
    _signed_in(client, coach())
    _idle_for(client, 20 * MINUTE)
    assert client.get(reverse("www:coach_home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN] < MINUTE


def test_every_session_ends_after_the_session_age_even_when_active(client, db, settings):
    settings.SESSION_COOKIE_AGE = 8 * 60 * MINUTE
    _signed_in(client, beneficiary())
    _idle_for(client, 1 * MINUTE, signed_in_ago=8 * 60 * MINUTE + 1)
    assert client.get(reverse("www:beneficiary_home")).status_code == 302


def test_an_htmx_request_is_sent_to_sign_in_by_a_client_redirect(client, db):
    _signed_in(client, coach())
    _idle_for(client, 31 * MINUTE)
    response = client.get(reverse("www:coach_home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_the_sign_out_message_speaks_english_when_chosen(client, db, settings):
    _signed_in(client, beneficiary())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _idle_for(client, 121 * MINUTE)
    response = client.get(reverse("www:beneficiary_home"), follow=True)
    assert "signed out after 120 minutes without activity" in response.content.decode()


def test_signing_in_starts_the_clock_so_the_next_pages_write_no_session(client, db):
    from tests.accounts.factories import PASSWORD

    user = beneficiary()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    started = client.session[SIGNED_IN_AT]
    assert abs(time.time() - started) < MINUTE and client.session[LAST_SEEN] == started
