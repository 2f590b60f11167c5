"""`manage.py load_demo` hook: the demo programme's first publication, so that the funder's dashboard shows dated,
frozen figures ("chiffres au …") and the operator sees the live ones beside them. Safe to run twice (one
publication a day at most)."""

from openbilan.reporting import services


def load(context):
    services.ensure_publication(context.programme)
