"""Server time of the public home page and a role home, through Django's test client."""

from bench.timing import measure


def run():
    from django.test import Client

    from openbilan.demo import load_demo

    context = load_demo()
    anonymous = Client()
    coach = Client()
    coach.force_login(context.users["coach"])
    return [
        measure("home page (anonymous)", lambda: anonymous.get("/")),
        measure("coach caseload page (demo)", lambda: coach.get("/consultant/")),
    ]
