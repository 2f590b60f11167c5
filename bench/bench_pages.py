"""Server time of the public home page and a role home, through Django's test client."""

from bench.clients import signed_in
from bench.timing import measure


def run():
    from django.test import Client

    from openbilan.demo import load_demo

    context = load_demo()
    anonymous = Client()
    coach = signed_in(context.users["coach"])
    return [
        measure("home page (anonymous)", lambda: anonymous.get("/")),
        measure("coach caseload page (demo)", lambda: coach.get("/consultant/")),
    ]
