"""openbilan/mail.py: links on the public address `make run` serves, e-mails in the recipient's language."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from openbilan import mail
from openbilan.accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_absolute_url_follows_the_public_address(settings):
    settings.SITE_URL = "http://127.0.0.1:8123/"
    assert mail.absolute_url("/connexion/") == "http://127.0.0.1:8123/connexion/"
    settings.SITE_URL = "https://bilan.example.org"
    assert mail.absolute_url(reverse("accounts:login")).startswith("https://bilan.example.org/")


def test_the_language_of_a_person_is_the_one_they_chose_else_french():
    assert mail.language_of(User(language="en")) == "en"
    assert mail.language_of(User(language="xx")) == "fr"
    assert mail.language_of(None) == "fr"


def test_an_english_speaking_person_gets_english_while_the_request_is_french(mailoutbox):
    person = UserFactory(language="en", first_name="Ana")
    context = {"recipient": person, "count": 2, "senders": ["Lou"], "url": mail.absolute_url("/messages/")}
    with translation.override("fr"):  # the language of the request that caused the e-mail
        mail.send_templated("coaching/emails/messages", person.email, context, mail.language_of(person))
        assert translation.get_language() == "fr"
    [sent] = mailoutbox
    assert sent.to == [person.email]
    assert "new messages" in sent.subject and "\n" not in sent.subject
    assert "Hello Ana" in sent.body and "Bonjour" not in sent.body


def test_a_french_speaking_person_gets_french_while_the_request_is_english(mailoutbox):
    person = UserFactory(language="fr", first_name="Ana")
    context = {"recipient": person, "count": 1, "senders": ["Lou"], "url": mail.absolute_url("/messages/")}
    with translation.override("en"):
        mail.send_templated("coaching/emails/messages", person.email, context, mail.language_of(person))
    [sent] = mailoutbox
    assert "nouveau message" in sent.subject
    assert "Bonjour Ana" in sent.body


def test_attachments_are_sent_with_the_text(mailoutbox):
    person = UserFactory()
    context = {"recipient": person, "count": 1, "senders": ["Lou"], "url": "/"}
    mail.send_templated(
        "coaching/emails/messages", person.email, context, attachments=[("a.ics", b"BEGIN:VCALENDAR", "text/calendar")]
    )
    [sent] = mailoutbox
    assert sent.attachments[0][0] == "a.ics"


@override_settings(LANGUAGE_CODE="fr")
def test_choosing_a_language_on_the_site_keeps_it_for_the_person_s_e_mails(client):
    person = UserFactory()
    assert person.language == "fr"
    client.force_login(person)
    client.cookies["django_language"] = "en"
    client.get(reverse("privacy:index"))
    person.refresh_from_db()
    assert person.language == "en"
