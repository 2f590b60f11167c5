"""Links sent outside the site (e-mails, a shared synthesis) are built on the one public address,
settings.OPENBILAN_BASE_URL, never on the address a request happened to use (`make run` sets the one it serves)."""

import pytest
from django.urls import reverse

from openbilan.coaching import services as coaching
from openbilan.journeys import services as journeys
from openbilan.network import services as network
from openbilan.programmes import services as programmes
from tests.accounts.factories import UserFactory

BASE = "https://bilan.example.org"


@pytest.mark.parametrize("module", [coaching, journeys, network, programmes], ids=lambda m: m.__name__)
def test_every_absolute_link_helper_reads_the_setting(settings, module):
    settings.OPENBILAN_BASE_URL = BASE + "/"  # a trailing slash is tolerated
    assert module._absolute("/accueil/") == f"{BASE}/accueil/"
    settings.OPENBILAN_BASE_URL = "http://127.0.0.1:8123"
    assert module._absolute("/accueil/") == "http://127.0.0.1:8123/accueil/"


def test_the_password_reset_e_mail_links_to_the_public_address_not_the_request_s_host(client, db, settings, mailoutbox):
    settings.OPENBILAN_BASE_URL = BASE
    person = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": person.email}, HTTP_HOST="localhost:9999")
    [mail] = mailoutbox
    assert f"{BASE}/compte/mot-de-passe/nouveau/" in mail.body
    assert "localhost" not in mail.body
