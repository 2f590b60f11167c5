"""A funder reads its programmes' publications by API: the figures as published (small cells suppressed), the
same document as the dashboard's JSON download; never another funder's, never the live figures."""

import pytest

from openbilan.partners import errors, services
from openbilan.partners.models import Scope
from openbilan.reporting import services as reporting
from openbilan.www.reporting.documents import localised
from tests.partners.factories import funder_token_for, headers, partner

pytestmark = pytest.mark.django_db


def test_a_funder_reads_the_publications_of_its_programmes_as_published(client):
    world, other = partner(), partner()
    publication = reporting.ensure_publication(world.programme)
    reporting.ensure_publication(other.programme)
    _token, raw = funder_token_for(world)
    listed = client.get("/api/v1/publications/", **headers(raw)).json()
    assert [row["id"] for row in listed["results"]] == [publication.pk]
    detail = client.get(f"/api/v1/publications/{publication.pk}/", **headers(raw)).json()
    assert detail["programme"] == world.programme.slug and detail["minimum_cell"] == publication.minimum_cell
    expected = localised(publication.report, publication)
    assert detail["report"]["as_of"] == expected["as_of"] and detail["report"].keys() == expected.keys()


def test_a_funder_token_never_gets_a_prescribers_scopes_nor_the_reverse():
    world = partner()
    with pytest.raises(errors.NotAllowed):
        services.issue_token(
            organisation=world.programme.funder, actor=world.admin, name="X", scopes=[Scope.REFERRALS_READ], days=9
        )
    with pytest.raises(errors.NotAllowed):
        services.issue_token(
            organisation=world.prescriber, actor=world.admin, name="X", scopes=[Scope.FIGURES_READ], days=9
        )
