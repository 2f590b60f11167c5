"""Every error a person can meet answers the site's own page: in the layout, in French (English once chosen), with a
way back to their home (signed in) or to the home page (a visitor). The 500 page needs neither the database nor the
context processors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from openbilan.accounts.models import Role
from openbilan.www import errors
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.urls("tests.www.errors.urls")

# status -> (a path that answers it, the French title, the English title)
PAGES = {
    400: ("/essai-erreur/400/", "Nous n'avons pas compris cette demande", "We did not understand this request"),
    403: ("/essai-erreur/403/", "Vous n'avez pas accès à cette page", "You do not have access to this page"),
    404: ("/cette-page-n-existe-pas/", "Page introuvable", "Page not found"),
    429: ("/essai-erreur/429/", "Trop de demandes", "Too many requests"),
    500: ("/essai-erreur/500/", "Le site a un problème", "The site has a problem"),
}
HOME, INDEX = reverse("www:home"), reverse("www:index")


def get(client, path):
    client.raise_request_exception = False
    return client.get(path)


def in_layout(content: str) -> bool:
    return 'class="site-header"' in content and 'id="main"' in content and 'class="site-footer"' in content


@pytest.mark.parametrize("status", PAGES)
def test_a_visitor_gets_the_french_page_in_the_layout_with_the_way_to_the_home_page(client, db, status):
    path, french, _english = PAGES[status]
    response = get(client, path)
    content = response.content.decode()
    assert response.status_code == status
    assert in_layout(content) and '<html lang="fr">' in content
    assert f"<h1>{french}</h1>" in content
    assert f'href="{INDEX}">Revenir à l\'accueil</a>' in content
    assert f"Code de l'erreur : {status}" in content


@pytest.mark.parametrize("status", PAGES)
def test_a_signed_in_person_gets_the_way_back_to_their_own_home(client, db, status):
    client.force_login(UserFactory(role=Role.COACH))
    path, _french, _english = PAGES[status]
    response = get(client, path)
    content = response.content.decode()
    assert response.status_code == status and in_layout(content)
    assert f'href="{HOME}">Revenir à mon espace</a>' in content
    assert "Revenir à l'accueil" not in content


@pytest.mark.parametrize("status", PAGES)
def test_each_page_speaks_english_with_the_language_cookie(client, db, settings, status):
    client.force_login(UserFactory(role=Role.BENEFICIARY))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    path, _french, english = PAGES[status]
    content = get(client, path).content.decode()
    assert '<html lang="en">' in content
    assert f"<h1>{english}</h1>" in content
    assert "Back to my space" in content and "Error code:" in content


def test_a_page_of_another_role_answers_the_french_403_page_not_django_s_english_one(client, db):
    client.force_login(UserFactory(role=Role.BENEFICIARY))
    response = client.get(reverse("programmes:list"))  # the operator admin's programmes
    content = response.content.decode()
    assert response.status_code == 403
    assert "Vous n'avez pas accès à cette page" in content and "403 Forbidden" not in content
    assert f'href="{HOME}">Revenir à mon espace</a>' in content


def test_a_visitor_refused_a_page_is_offered_to_sign_in_and_come_back(client, db):
    content = get(client, "/essai-erreur/403/").content.decode()
    assert f'href="{reverse("accounts:login")}?next=/essai-erreur/403/">Se connecter</a>' in content


def test_a_form_posted_without_its_security_token_answers_the_french_expired_form_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@example.org", "password": "x"})
    content = response.content.decode()
    assert response.status_code == 403 and in_layout(content)
    assert "Ce formulaire a expiré" in content and "CSRF verification failed" not in content
    assert f'href="{INDEX}">Revenir à l\'accueil</a>' in content


def test_the_expired_form_page_speaks_english_with_the_language_cookie(db, settings):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:login"), {"username": "a@example.org", "password": "x"})
    assert "This form has expired" in response.content.decode()


def test_a_rate_limit_that_escapes_a_view_answers_429_with_its_message_and_when_to_retry(client, db):
    response = get(client, "/essai-erreur/429/")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    assert "5 au plus par 60 minutes" in response.content.decode()


def test_the_login_lockout_uses_the_429_page_with_its_own_message_and_way_back(client, db):
    user = UserFactory(role=Role.BENEFICIARY)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "faux"}, REMOTE_ADDR="203.0.113.9")
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    content = response.content.decode()
    assert response.status_code == 429 and in_layout(content)
    assert "Compte bloqué temporairement" in content and "pendant 15 minutes" in content
    assert "Code de l'erreur : 429" in content and "Revenir à l'accueil" in content


# --- The 500 page without the database or the context processors ----------------------------------------------------


def _never(*args, **kwargs):
    raise AssertionError("the 500 page must not use this")


def test_the_500_page_renders_without_database_nor_context_processors(settings):
    """No `db` fixture: any query fails the test. Every context processor fails too."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": ["tests.www.errors.test_pages._never"]}}
    ]
    request = RequestFactory().get("/une-page/")
    request.user = SimpleLazyObject(_never)  # not loaded by the request: asking for it would query the database
    response = errors.server_error(request)
    content = response.content.decode()
    assert response.status_code == 500 and in_layout(content)
    assert "Le site a un problème" in content
    assert f'href="{INDEX}">Revenir à l\'accueil</a>' in content


def test_the_500_page_knows_the_person_is_signed_in_when_the_request_already_loaded_the_account(db):
    person = UserFactory(role=Role.BENEFICIARY)
    request = RequestFactory().get("/une-page/")
    request.user = SimpleLazyObject(lambda: person)
    assert request.user.is_authenticated  # the view loaded it before failing
    content = errors.server_error(request).content.decode()
    assert f'href="{HOME}">Revenir à mon espace</a>' in content


def test_when_even_the_template_fails_the_500_page_is_a_plain_page_with_its_way_back(monkeypatch):
    monkeypatch.setattr(errors.loader, "get_template", _never)
    request = RequestFactory().get("/une-page/")
    request.user = AnonymousUser()
    response = errors.server_error(request)
    content = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Le site a un problème</h1>" in content and '<a href="/">Revenir à l&#x27;accueil</a>' in content
