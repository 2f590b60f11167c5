import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from openbilan.accounts import emails
from openbilan.accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")


def attempt(client, email, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def two_accounts(db):
    return UserFactory(role=Role.BENEFICIARY), UserFactory(role=Role.BENEFICIARY)


def test_correct_password_signs_in_and_lands_on_role_home(client, two_accounts):
    user, _other = two_accounts
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("www:beneficiary_home")


def test_email_is_case_insensitive(client, two_accounts):
    user, _other = two_accounts
    assert attempt(client, user.email.upper(), PASSWORD).status_code == 302


def test_wrong_password_shows_a_clear_french_message(client, two_accounts):
    user, _other = two_accounts
    response = attempt(client, user.email, "mauvais")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_five_failures_lock_that_account_from_that_address_only(client, two_accounts):
    user, other = two_accounts
    for _ in range(5):
        response = attempt(client, user.email, "mauvais")
        assert response.status_code in (200, 429)
    locked = attempt(client, user.email, PASSWORD)
    assert locked.status_code == 429
    assert "Compte bloqué temporairement" in locked.content.decode()
    assert not locked.wsgi_request.user.is_authenticated
    # Another account behind the same shared address (a training centre) still signs in.
    assert attempt(client.__class__(), other.email, PASSWORD).status_code == 302
    # The same account from another address is not locked either.
    assert attempt(client.__class__(), user.email, PASSWORD, ip="198.51.100.20").status_code == 302


def test_lockout_page_speaks_english_when_chosen(client, two_accounts, settings):
    user, _other = two_accounts
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(6):
        response = attempt(client, user.email, "mauvais")
    assert response.status_code == 429
    assert "Account temporarily locked" in response.content.decode()


def test_hostile_login_input_never_answers_500(client, db):
    for payload in [{}, {"username": "x" * 5000, "password": "y"}, {"username": "\x00", "password": "\x00"}]:
        assert client.post(LOGIN, payload).status_code in (200, 429)


def test_sign_out_is_a_post(client, two_accounts):
    user, _other = two_accounts
    client.force_login(user)
    assert client.get(reverse("identity:logout")).status_code == 405
    assert client.post(reverse("identity:logout")).status_code == 302
    assert not client.get(reverse("www:index")).wsgi_request.user.is_authenticated


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, two_accounts, mailoutbox, settings, django_capture_on_commit_callbacks
):
    user, _other = two_accounts
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert mailoutbox == []  # the e-mail goes through the task queue, which holds the account's id only
    [(path, args_kwargs)] = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    assert (path, args_kwargs["args"]) == ("openbilan.accounts.tasks.send_password_reset", [user.pk])
    assert emails.deliver_password_reset(user_id=user.pk) == "sent"
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/mot-de-passe/nouveau/" in line)
    assert link.startswith(settings.SITE_URL + "/")  # the public address, never the request's host
    path = link.removeprefix(settings.SITE_URL)
    form_page = client.get(path, follow=True)
    new_password = "un-nouveau-mot-de-passe-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_unknown_email_reveals_nothing(client, db, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def _case_variant(email: str) -> str:
    """`personne12@example.org` -> `PeRsOnNe12@ExAmPlE.oRg`: the same address as login reads it."""
    return "".join(char.upper() if i % 2 == 0 else char for i, char in enumerate(email))


def test_a_case_variant_of_a_locked_address_is_locked_too(client, two_accounts):
    """Issue 16, finding 4: five failures lock `beneficiaire2@...`, and `BeneFiciaire2@...` with the right password
    must not sign in."""
    user, _other = two_accounts
    for _ in range(5):
        attempt(client, user.email, "mauvais")
    locked = attempt(client, _case_variant(user.email), PASSWORD)
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


def test_case_variants_share_the_five_tries(client, two_accounts):
    """Spreading the failures over case variants gives no extra tries: the fifth failure locks every spelling."""
    user, _other = two_accounts
    spellings = [user.email, user.email.upper(), _case_variant(user.email), " " + user.email.title(), user.email]
    for spelling in spellings:
        attempt(client, spelling, "mauvais")
    assert attempt(client, user.email, PASSWORD).status_code == 429
    assert attempt(client, user.email.upper(), PASSWORD).status_code == 429


def test_case_variants_of_one_address_share_one_lockout_row(client, two_accounts):
    from axes.models import AccessAttempt

    user, _other = two_accounts
    attempt(client, user.email.upper(), "mauvais")
    attempt(client, _case_variant(user.email), "mauvais")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [(user.email, 2)]


def test_the_lockout_key_is_the_normalised_address_or_nothing():
    from django.test import RequestFactory

    from openbilan.www.accounts.lockout import username_key

    assert username_key(None, {"username": "  BeneFiciaire2@Example.ORG "}) == "beneficiaire2@example.org"
    assert username_key(RequestFactory().post("/", {"username": "A@B.FR"})) == "a@b.fr"
    assert username_key(None, {"code": "from-an-identity-provider"}) is None
