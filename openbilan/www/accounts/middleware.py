from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from openbilan.privacy import security_log
from openbilan.www.accounts import two_factor


class StaffTwoFactorMiddleware:
    """A staff session that has not proved its second factor reaches only the account pages (after OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(two_factor.EXEMPT_PREFIXES) and two_factor.needs_verification(request):
            security_log.event("two_factor_required", user_id=request.user.pk)
            target = reverse("accounts:two_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
