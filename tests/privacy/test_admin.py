"""The technical Django admin cannot read a person's bilan: only accounts, organisations and technical tables are
registered there, so answers, scores, exercises, messages, notes and syntheses have no admin page at all."""

from django.contrib import admin

ALLOWED = {
    "accounts.Organisation",
    "accounts.User",
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "django_tasks_database.DBTaskResult",
    "otp_totp.TOTPDevice",
}


def test_no_content_model_is_registered_in_the_admin():
    registered = {f"{model._meta.app_label}.{model.__name__}" for model in admin.site._registry}
    assert registered <= ALLOWED, sorted(registered - ALLOWED)


def test_the_user_admin_shows_no_field_beyond_the_account():
    from openbilan.accounts.models import User

    model_admin = admin.site._registry[User]
    shown = {name for _title, options in model_admin.fieldsets for name in options["fields"]}
    related = {f.name for f in User._meta.get_fields() if f.is_relation and not f.concrete}
    assert not shown & related


# --- Issue 16, finding 6: the technical admin behind the second factor; TOTP secrets never shown ------------------

import base64  # noqa: E402

import pytest  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.accounts.factories import PASSWORD, coach, totp_device, totp_token, verify_otp  # noqa: E402


@pytest.fixture
def technical_admin(db):
    from openbilan.accounts.models import User

    return User.objects.create_superuser(email="technique@example.org", password=PASSWORD)


@pytest.mark.two_factor
def test_the_technical_admin_asks_for_the_second_factor_after_the_password(client, technical_admin):
    signed_in = client.post(
        reverse("admin:login"), {"username": technical_admin.email, "password": PASSWORD, "next": "/"}
    )
    assert signed_in.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    for path in (reverse("admin:accounts_user_changelist"), reverse("admin:otp_totp_totpdevice_changelist")):
        assert client.get(path).status_code == 302


@pytest.mark.two_factor
def test_the_technical_admin_enrols_and_types_a_code_like_staff_then_opens_the_admin(client, technical_admin):
    client.post(reverse("accounts:login"), {"username": technical_admin.email, "password": PASSWORD})
    enrol = client.get(reverse("accounts:two_factor"))
    assert enrol.status_code == 200 and "<svg" in enrol.text
    device = totp_device(technical_admin, confirmed=False)
    index = reverse("admin:index")
    verified = client.post(reverse("accounts:two_factor"), {"token": totp_token(device), "next": index})
    assert verified["Location"] == index
    assert client.get(index).status_code == 200


@pytest.mark.two_factor
def test_the_admin_site_itself_refuses_a_session_without_the_second_factor(technical_admin):
    """Even if a middleware were left out, the admin site checks the second factor (defence in depth)."""
    request = RequestFactory().get(reverse("admin:index"))
    request.user = technical_admin
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def _secrets(device) -> list[str]:
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return [device.key, b32, " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)), "otpauth://"]


@pytest.mark.two_factor
def test_no_admin_page_shows_a_totp_secret(client, technical_admin):
    staff_device = totp_device(coach())
    client.force_login(technical_admin)
    verify_otp(client, technical_admin)
    pages = [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[staff_device.pk]),
        reverse("admin:otp_totp_totpdevice_history", args=[staff_device.pk]),
        reverse("admin:otp_totp_totpdevice_delete", args=[staff_device.pk]),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not [secret for secret in _secrets(staff_device) if secret in response.text], path
    # No page makes or shows a secret: devices are enrolled by their owner, on the two-factor page.
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    for suffix in ("config/", "qrcode/"):
        path = reverse("admin:otp_totp_totpdevice_changelist") + f"{staff_device.pk}/{suffix}"
        response = client.get(path, follow=True)
        assert not [secret for secret in _secrets(staff_device) if secret in response.text], path


@pytest.mark.two_factor
def test_a_lost_device_can_be_removed_so_its_owner_enrols_again(client, technical_admin):
    staff = coach()
    device = totp_device(staff)
    client.force_login(technical_admin)
    verify_otp(client, technical_admin)
    path = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(path, {"post": "yes"}).status_code == 302
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
