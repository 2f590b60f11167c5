"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy; and personal
responses kept out of every cache (PrivateCacheMiddleware).

A tiny middleware rather than django-csp: the policy is one fixed string (everything is served from our own origin,
no inline script, no <style> element), so a library's per-view configuration would add surface without use.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

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


class PrivateCacheMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in person, and on every page reached through
    a personal link (a `token` in its address): a shared computer (a training centre's, a library's) must not keep
    someone's results, messages or synthesis in its cache, nor a proxy serve them to the next person. Directives a
    view sets are kept (merged by Django's patch_cache_control). Public pages seen signed out stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._personal(request):
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _personal(request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        match = getattr(request, "resolver_match", None)
        return bool(match and "token" in match.kwargs)


def client_address(request) -> str:
    """The client's network address, read as django-axes reads it (the same proxy settings), for rate limits."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"
