"""A page of referrals costs the same number of queries for 2 referrals or 20 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openbilan.programmes.models import Referral
from tests.partners.factories import headers, partner, token_for

pytestmark = pytest.mark.django_db


def _referrals(world, n):
    for index in range(n):
        Referral.objects.create(
            programme=world.programme,
            prescriber=world.prescriber,
            first_name="Lou",
            last_name=f"Martin {index}",
            email=f"lou{index}.{Referral.objects.count()}@example.org",
            state=Referral.State.REVIEW,
        )


def _queries(client, raw) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/referrals/", **headers(raw)).status_code == 200
    return len(captured)


def test_the_referral_list_does_not_grow_with_its_rows(client):
    world = partner()
    _token, raw = token_for(world)
    _referrals(world, 2)
    client.get("/api/v1/referrals/", **headers(raw))  # the token's last use is written once a minute at most
    few = _queries(client, raw)
    _referrals(world, 18)
    assert _queries(client, raw) == few <= 8
