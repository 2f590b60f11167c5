import os

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# In CI (CI=true) Hypothesis draws the same examples on every run, so a red build is reproducible; locally it keeps
# exploring new examples.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast password hashing, e-mails in memory, uploaded files in a temporary folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _staff_two_factor(request, settings):
    """Staff two-factor authentication is enforced in tests marked `two_factor` (and in production); elsewhere
    tests sign staff in with force_login alone. Use tests.accounts.factories.verify_otp(client, user) to mark a
    staff session verified in a `two_factor` test."""
    settings.OPENBILAN_STAFF_2FA = request.node.get_closest_marker("two_factor") is not None


def pytest_configure(config):
    config.addinivalue_line("markers", "two_factor: enforce staff TOTP two-factor authentication in this test")


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"
