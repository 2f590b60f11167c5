"""The OpenAPI schema and its ReDoc page, served from our own static files (drf-spectacular-sidecar, no CDN)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

# ReDoc draws its page with generated <style> elements and a worker: this page alone allows them.
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


@require_GET
def redoc(request):
    response = render(request, "api/redoc.html")
    response["Content-Security-Policy"] = DOCS_POLICY
    return response
