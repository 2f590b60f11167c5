import pytest
from django.urls import reverse

PUBLIC_PAGES = ["www:index", "www:legal_notice", "www:privacy_policy", "www:accessibility", "www:contact"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_french_by_default(client, db, name):
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_in_english_once_chosen(client, db, name, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(name))
    assert '<html lang="en">' in response.content.decode()


def test_choosing_english_sets_the_language_cookie(client, db, settings):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_cookie_falls_back_to_french(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_htmx_is_served_from_our_own_static_files(client, db):
    page = client.get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "unpkg" not in page and "cdn" not in page.lower()
