import pytest


@pytest.fixture
def staff_verified():
    """Mark a staff session as verified by two-factor authentication (no-op until 2FA is enforced)."""

    def mark(client, user):
        try:
            from tests.accounts.factories import verify_otp
        except ImportError:
            return
        verify_otp(client, user)

    return mark
