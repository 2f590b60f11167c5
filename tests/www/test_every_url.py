"""Every URL without parameters, for every role and for an anonymous visitor: never a server error.

New feature URLs are picked up automatically, so a page that crashes for an unexpected role fails here.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from openbilan.accounts.models import Role
from tests.accounts.factories import UserFactory

SKIPPED_PREFIXES = (settings.OPENBILAN_ADMIN_PATH, "i18n/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and not route.startswith(SKIPPED_PREFIXES):
            yield "/" + route.lstrip("^").rstrip("$")


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))


def test_the_url_list_is_not_empty():
    assert "/" in ROUTES
    assert "/compte/connexion/" in ROUTES


@pytest.mark.parametrize("role", [None, *Role.values])
def test_no_page_answers_a_server_error_for_any_role(client, db, role):
    if role is not None:
        client.force_login(UserFactory(role=role))
    failures = []
    for route in ROUTES:
        response = client.get(route)
        if response.status_code >= 500:
            failures.append((route, response.status_code))
    assert failures == []
