"""Sign-out is a form posted here that redirects to the provider's end-session endpoint; the Content-Security-Policy's
`form-action` covers the redirects of a form's submission, so it names the configured providers' origins too."""

from urllib.parse import urlparse

from django.conf import settings

from openbilan.identity import providers
from openbilan.www.security import CONTENT_SECURITY_POLICY


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


class ProviderFormActionMiddleware:
    """After SecurityHeadersMiddleware in the response order (listed after it), sets the same policy with the
    providers' origins in `form-action`; without a configured provider it does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.OPENBILAN_ADMIN_PATH}/"

    def __call__(self, request):
        response = self.get_response(request)
        configured = providers.configured()
        if configured and not request.path.startswith(self.admin_prefix):
            origins = " ".join(sorted({_origin(config.issuer) for config in configured}))
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
                "form-action 'self'", f"form-action 'self' {origins}"
            )
        return response
