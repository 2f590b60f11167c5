import pytest
from django.urls import reverse

from openbilan.accounts import selectors as accounts
from openbilan.accounts import services as account_services
from tests.accounts.factories import PASSWORD, beneficiary, coach, operator_admin, totp_device, totp_token

pytestmark = pytest.mark.two_factor


def _sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize("make", [coach, operator_admin])
def test_a_staff_session_without_second_factor_reaches_no_staff_page(client, db, make):
    staff = make()
    client.force_login(staff)
    response = client.get(reverse("www:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor"))


def test_a_beneficiary_needs_no_second_factor(client, db):
    client.force_login(beneficiary())
    assert client.get(reverse("www:beneficiary_home")).status_code == 200


def test_first_sign_in_shows_an_inline_svg_qr_code_to_enrol(client, db):
    staff = coach()
    _sign_in(client, staff)
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 200
    assert "<svg" in response.text and "<style" not in response.text
    assert accounts.confirmed_device(staff) is None


def test_the_first_good_code_confirms_the_device_and_opens_the_staff_pages(client, db):
    staff = coach()
    _sign_in(client, staff)
    client.get(reverse("accounts:two_factor"))
    device = account_services.pending_device(staff)
    response = client.post(reverse("accounts:two_factor"), {"token": totp_token(device), "next": "/consultant/"})
    assert response.status_code == 302 and response["Location"] == "/consultant/"
    assert accounts.confirmed_device(staff) == device
    assert client.get("/consultant/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, db):
    staff = coach()
    totp_device(staff)
    _sign_in(client, staff)
    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert response.status_code == 200 and "pas le bon" in response.text
    assert client.get("/consultant/").status_code == 302


def test_a_verified_staff_session_ends_with_the_browser(client, db):
    staff = coach()
    device = totp_device(staff)
    _sign_in(client, staff)
    client.post(reverse("accounts:two_factor"), {"token": totp_token(device)})
    assert client.session.get_expire_at_browser_close()


def test_an_outside_next_address_is_ignored(client, db):
    staff = coach()
    device = totp_device(staff)
    _sign_in(client, staff)
    response = client.post(
        reverse("accounts:two_factor"), {"token": totp_token(device), "next": "https://evil.example"}
    )
    assert response["Location"] == "/accueil/"
