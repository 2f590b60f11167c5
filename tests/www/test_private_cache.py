"""Issue 16, finding 7: personal pages (results, messages, the coach's person screen, the life line, the privacy page,
the synthesis...) must not stay in the cache of a shared computer (a training centre's, a library's). Every response
served to a signed-in person, and every page reached through a personal link, says `Cache-Control: no-store,
private`; the crawl covers every URL pattern of the project for every signed-in role of the permission matrix's
world."""

import pytest

from tests.accounts.factories import verify_otp
from tests.privacy.world import ROLES, build, url_for, url_names

# Pages reached without signing in, through a link that carries a personal token.
PERSONAL_LINKS = ("projects:shared", "projects:shared_pdf", "programmes:invitation", "programmes:survey")


def _directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.two_factor
@pytest.mark.django_db
def test_every_html_response_to_a_signed_in_user_is_never_stored(client):
    world = build()
    urls = [(name, url_for(world, name, pattern)) for name, pattern in url_names()]
    missing, html = [], 0
    for role in ROLES:
        user = world.users[role]
        if user is None:
            continue
        client.logout()
        client.force_login(user)
        verify_otp(client, user)
        for name, url in urls:
            response = client.get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html += 1
            if not {"no-store", "private"} <= _directives(response):
                missing.append(f"{name} as {role} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert html > 8 * 100, "the crawl reached too few pages to prove anything"
    assert missing == []


@pytest.mark.django_db
def test_a_page_reached_through_a_personal_link_is_never_stored(client):
    world = build()
    patterns = dict(url_names())
    for name in PERSONAL_LINKS:
        response = client.get(url_for(world, name, patterns[name]))
        assert {"no-store", "private"} <= _directives(response), name


@pytest.mark.django_db
def test_public_pages_seen_without_signing_in_stay_cacheable(client):
    assert "no-store" not in _directives(client.get("/"))
