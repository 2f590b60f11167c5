import logging

import pytest
from django.urls import reverse

from openbilan.privacy import security_log
from tests.accounts.factories import PASSWORD, beneficiary


def _events(caplog):
    return [r for r in caplog.records if r.name == "openbilan.security"]


def test_a_failed_sign_in_is_logged_without_the_address_typed(client, db, caplog):
    caplog.set_level(logging.INFO, logger="openbilan.security")
    client.post(reverse("accounts:login"), {"username": "someone@example.org", "password": "wrong"})
    events = _events(caplog)
    assert [e.security_event for e in events] == ["login_failed"]
    assert "someone@example.org" not in str(events[0].__dict__)


def test_a_sign_in_is_logged_with_the_user_id_only(client, db, caplog):
    person = beneficiary()
    caplog.set_level(logging.INFO, logger="openbilan.security")
    client.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
    event = next(e for e in _events(caplog) if e.security_event == "login_succeeded")
    assert event.sec_user_id == person.pk and person.email not in str(event.__dict__)


def test_an_access_denial_is_logged(client, db, caplog):
    client.force_login(beneficiary())
    caplog.set_level(logging.INFO, logger="openbilan.security")
    assert client.get(reverse("www:coach_home")).status_code == 403
    assert "access_denied" in [e.security_event for e in _events(caplog)]


@pytest.mark.parametrize("value", ["a@b.org", "x" * 41])
def test_personal_looking_values_are_redacted(caplog, value):
    caplog.set_level(logging.INFO, logger="openbilan.security")
    security_log.event("test", detail=value)
    assert _events(caplog)[0].sec_detail == "[redacted]"
