import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from openbilan.partners.models import ApiCall
from openbilan.partners.services import record_call

pytestmark = pytest.mark.django_db


def test_upkeep_forgets_api_calls_older_than_a_year(capsys):
    old = record_call(token=None, method="GET", path="/api/v1/", status_code=401, duration_ms=1, address="127.0.0.1")
    ApiCall.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    recent = record_call(token=None, method="GET", path="/api/v1/", status_code=401, duration_ms=1, address=None)
    call_command("partner_api_upkeep")
    assert list(ApiCall.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "1 API call(s) forgotten" in capsys.readouterr().out
