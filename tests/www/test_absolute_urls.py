"""Links sent outside the site (e-mails, a shared synthesis) are built on the one public address,
settings.SITE_URL, never on the address a request happened to use (`make run` sets the one it serves)."""

from django.urls import reverse

from openbilan import mail
from tests.accounts.factories import UserFactory

BASE = "https://bilan.example.org"


def test_the_one_absolute_link_helper_reads_the_setting(settings):
    settings.SITE_URL = BASE + "/"  # a trailing slash is tolerated
    assert mail.absolute_url("/accueil/") == f"{BASE}/accueil/"
    settings.SITE_URL = "http://127.0.0.1:8123"
    assert mail.absolute_url("/accueil/") == "http://127.0.0.1:8123/accueil/"


def test_the_password_reset_e_mail_links_to_the_public_address_not_the_request_s_host(
    client, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = BASE
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["email"]}}
    person = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": person.email}, HTTP_HOST="localhost:9999")
    [mail] = mailoutbox
    assert f"{BASE}/compte/mot-de-passe/nouveau/" in mail.body
    assert "localhost" not in mail.body
    assert "Hello" in mail.body  # the person's language, not the request's (French)
