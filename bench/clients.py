"""Signed-in test clients for the benchmarks. Staff (coaches, operator admins) must pass two-factor authentication
(openbilan/www/accounts/middleware.py): their session is marked as verified with their TOTP device, as a real
sign-in with the code would do, so the benchmarks time the pages and not the refusal."""


def signed_in(user, client=None):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from openbilan.accounts.models import STAFF_ROLES

    client = client or Client()
    client.force_login(user)
    user.__dict__.pop("roles", None)
    if user.roles & STAFF_ROLES:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="OpenBilan", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
