"""The demo prescriber gets a working API token, printed with the demo logins; loading again replaces it."""

from types import SimpleNamespace

import pytest

from openbilan.partners import demo
from openbilan.partners.models import ApiToken
from tests.partners.factories import headers, partner

pytestmark = pytest.mark.django_db


def test_the_demo_prints_a_working_token_and_a_new_load_revokes_the_previous_one(client):
    world = partner()
    context = SimpleNamespace(prescribers={"france_travail": world.prescriber}, users={"admin": world.admin}, logins=[])
    demo.load(context)
    demo.load(context)
    prescriber = [raw for label, _header, raw in context.logins if "France Travail" in label]
    operator = [raw for label, _header, raw in context.logins if "opérateur" in label]
    assert client.get("/api/v1/referrals/", **headers(prescriber[0])).status_code == 401
    assert client.get("/api/v1/referrals/", **headers(prescriber[1])).status_code == 200
    assert client.get("/api/v1/enrolments/", **headers(operator[0])).status_code == 401
    assert client.get("/api/v1/enrolments/", **headers(operator[1])).status_code == 200
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 2
