"""The demo shows the funder a dated publication of the demo programme."""

from openbilan.demo import load_demo
from openbilan.reporting import selectors


def test_the_demo_programme_has_a_publication(db):
    context = load_demo()
    publication = selectors.latest_publication(context.programme)
    assert publication is not None and publication.report["headline_published"]
    load_demo()
    assert selectors.publications_of(context.programme).count() == 1
