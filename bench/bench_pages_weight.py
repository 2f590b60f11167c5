"""Page weight of the main pages: the HTML, plus every stylesheet and script it links, compressed (gzip -6, what a
reverse proxy or whitenoise sends), with the server time of the HTML (demo data, through Django's test client).

Each measure's median and p95 are the server time of the page; its note gives the compressed weight
(HTML + CSS + JS) and the uncompressed total. The budget (STYLE: pages under 100 KB) applies to the compressed total.
"""

import gzip
import re

from bench.clients import signed_in
from bench.timing import measure

BUDGET_KB = 100
LINKS = re.compile(r"<(?:link\b[^>]*\brel=\"stylesheet\"[^>]*\bhref|script\b[^>]*\bsrc)=\"([^\"]+)\"")


def _static_bytes(url: str) -> tuple[str, bytes] | None:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(path[len(settings.STATIC_URL) :])
    if not found:
        return None
    with open(found, "rb") as handle:
        return ("css" if path.endswith(".css") else "js"), handle.read()


def weigh(html: bytes) -> dict[str, int]:
    """Compressed bytes of the HTML, its stylesheets and its scripts (each linked file counted once), and the raw
    total."""
    sizes = {"html": len(gzip.compress(html, 6)), "css": 0, "js": 0, "raw": len(html), "missing": 0}
    for url in dict.fromkeys(LINKS.findall(html.decode("utf-8", "replace"))):
        found = _static_bytes(url)
        if found is None:
            sizes["missing"] += 1
            continue
        kind, content = found
        sizes[kind] += len(gzip.compress(content, 6))
        sizes["raw"] += len(content)
    return sizes


def _pages(context) -> list[tuple[str, str, str]]:
    """(label, who, path) of the main pages, with the demo's people and objects."""
    from openbilan.assessments.models import Attempt
    from openbilan.enrolments.models import Enrolment

    person, second = context.users["beneficiary"], context.users["beneficiary2"]
    enrolment = Enrolment.objects.get(programme=context.programme, beneficiary=person)
    pages = [
        ("public home", "anonymous", "/"),
        ("sign-in", "anonymous", "/compte/connexion/"),
        ("occupation explorer", "anonymous", "/metiers/"),
        ("beneficiary home", "beneficiary", "/mon-bilan/"),
        ("journey", "beneficiary", f"/parcours/{enrolment.pk}/"),
        ("needs analysis (autosaved)", "beneficiary", f"/parcours/{enrolment.pk}/analyse-des-besoins/"),
        ("questionnaires", "beneficiary", "/questionnaires/"),
        ("messages", "beneficiary", f"/accompagnement/messages/{enrolment.pk}/"),
        ("suggestions", "beneficiary", "/suggestions/"),
        ("coach caseload", "coach", "/consultant/"),
        ("coach screen of one person", "coach", f"/accompagnement/personne/{enrolment.pk}/"),
        ("funder home", "funder", "/financeur/"),
        ("funder dashboard", "funder", f"/rapports/{context.programme.slug}/"),
        ("programme report", "funder", f"/rapports/{context.programme.slug}/rapport/"),
    ]
    open_attempt = Attempt.objects.filter(user=second, finished_at__isnull=True).first()
    if open_attempt is not None:
        pages.insert(7, ("questionnaire page", "beneficiary2", f"/questionnaires/passation/{open_attempt.pk}/page/1/"))
    finished = Attempt.objects.filter(user=person, finished_at__isnull=False).first()
    if finished is not None:
        pages.insert(8, ("questionnaire results", "beneficiary", f"/questionnaires/resultats/{finished.pk}/"))
    return pages


def run():
    from django.test import Client

    from openbilan.demo import load_demo

    context = load_demo()
    clients = {"anonymous": Client()}
    for key in ("beneficiary", "beneficiary2", "coach", "funder"):
        clients[key] = signed_in(context.users[key])
    measures = []
    for label, who, path in _pages(context):
        client = clients[who]
        response = client.get(path)
        if response.status_code != 200:
            print(f"  {label}: {path} answered HTTP {response.status_code}, not weighed", flush=True)
            continue
        sizes = weigh(response.content)
        total = sizes["html"] + sizes["css"] + sizes["js"]
        note = (
            f"{total / 1024:.1f} KB compressed = HTML {sizes['html'] / 1024:.1f} + CSS {sizes['css'] / 1024:.1f} "
            f"+ JS {sizes['js'] / 1024:.1f} (raw {sizes['raw'] / 1024:.0f} KB)"
            + ("" if total / 1024 < BUDGET_KB else f"; OVER the {BUDGET_KB} KB budget")
            + (f"; {sizes['missing']} linked file(s) not found" if sizes["missing"] else "")
        )
        measures.append(measure(f"page weight: {label}", lambda c=client, p=path: c.get(p), runs=10, note=note))
    return measures
