"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy.

A tiny middleware rather than django-csp: the policy is one fixed string (everything is served from our own origin,
no inline script, no <style> element), so a library's per-view configuration would add surface without use.
"""

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Inline style *attributes* (a progress bar's width) are allowed; <style> elements and scripts are not.
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.OPENBILAN_ADMIN_PATH}/"

    def __call__(self, request):
        response = self.get_response(request)
        # The technical Django admin ships inline scripts: it keeps Django's own defaults.
        if not request.path.startswith(self.admin_prefix):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def client_address(request) -> str:
    """The client's network address, read as django-axes reads it (the same proxy settings), for rate limits."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"
