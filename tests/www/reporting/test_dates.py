"""The report's dates as a Region writes them: "chiffres au 1er décembre 2026"."""

import datetime

from django.utils import translation

from openbilan.accounts.models import Role
from openbilan.reporting import services as reporting
from openbilan.www.reporting.templatetags.reporting_dates import long_date
from tests.accounts.factories import UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def test_the_first_of_the_month_is_an_ordinal_in_french_only():
    with translation.override("fr"):
        assert long_date(datetime.date(2026, 12, 1)) == "1er décembre 2026"
        assert long_date(datetime.date(2026, 12, 2)) == "2 décembre 2026"
        assert long_date(None) == ""
    with translation.override("en"):
        assert long_date(datetime.date(2026, 12, 1)) == "1 December 2026"


def test_the_dashboard_says_chiffres_au_1er_decembre(client, db):
    programme = ProgrammeFactory()
    EnrolmentFactory.create_batch(12, programme=programme)
    reporting.publish(programme=programme, kind="first", today=datetime.date(2026, 12, 1))
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    text = client.get(f"/rapports/{programme.slug}/").content.decode()
    assert "Chiffres au 1er décembre 2026" in text
