"""The project's URLs plus a few that fail on purpose, to show each error page (tests only)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as project_urls
from openbilan.privacy.throttle import Throttled


def denied(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a hostile request")


def broken(request):
    raise RuntimeError("a bug")


def throttled(request):
    raise Throttled("complaint", 5, 3600)


urlpatterns = [
    path("essai-erreur/403/", denied),
    path("essai-erreur/400/", suspicious),
    path("essai-erreur/500/", broken),
    path("essai-erreur/429/", throttled),
    *project_urls,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
