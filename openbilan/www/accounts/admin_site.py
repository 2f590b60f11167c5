"""The technical Django admin, behind the same second factor as the staff pages.

Whoever may enter it (`is_staff`) is sent to the two-factor page by StaffTwoFactorMiddleware like a coach is
(two_factor.applies_to); the site itself also refuses a session that has not proved it, so the admin stays closed
even if the middleware were left out of the settings."""

from django.contrib import admin

from openbilan.www.accounts import two_factor


class TwoFactorAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not two_factor.required() or two_factor.is_verified(request)
