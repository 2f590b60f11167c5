"""Page weight on a phone with little data: every page a beneficiary opens is under 100 KB transferred (the HTML, its
style sheets, scripts, fonts and images, and the htmx fragments it loads), and no request leaves for another host.

How it is measured (tests/e2e/walk.py, `Weights`): Chromium's cache is disabled, so each page is weighed as on a first
visit; every response is recorded with page.on("response"). Neither the test server (Django's static files handler)
nor the application compresses responses: production does it in nginx (`gzip on`, `gzip_static` for the static files,
docs/OPERATIONS.md). So each body the server sent uncompressed is counted at its gzip-compressed size, plus the
response headers. The test fails naming each page over budget, its size and what it loaded. The whole beneficiary
journey is weighed too, at both widths (test_role_beneficiary)."""

from urllib.parse import urlsplit

from openbilan.assessments.models import Attempt
from openbilan.projects.models import Project
from tests.assessments.factories import BIGFIVE, RIASEC, started_attempt
from tests.e2e.walk import PAGE_BUDGET, Browse, Weights
from tests.projects.factories import bilan, final_synthesis, validated


def test_every_beneficiary_page_is_under_100_kb_with_no_third_party_request(page, axe, live_server):
    enrolment = bilan()
    validated(enrolment)
    final_synthesis(enrolment)
    person = enrolment.beneficiary
    riasec = Attempt.objects.get(user=person, instrument_version__slug=RIASEC)
    bigfive = started_attempt(person, BIGFIVE)
    project = Project.objects.get(beneficiary=person)
    journey = f"/parcours/{enrolment.pk}/"
    bilan_url = f"/projet/bilan/{enrolment.pk}/"
    paths = [
        "/",
        "/mon-bilan/",
        journey,
        journey + "analyse-des-besoins/",
        journey + "ligne-de-vie/",
        journey + "moteurs-et-freins/",
        journey + "croyances/",
        journey + "aspirations/",
        journey + "auto-evaluation/entry/",
        "/parcours/preferences/",
        "/questionnaires/",
        f"/questionnaires/passation/{bigfive.pk}/page/1/",
        f"/questionnaires/resultats/{riasec.pk}/",
        "/metiers/",
        "/metiers/?q=formateur",
        "/metiers/K2111/",
        "/suggestions/",
        "/suggestions/metier/K2111/",
        "/suggestions/selection/",
        "/suggestions/creation-activite/",
        "/suggestions/pourquoi-pas/?q=infirmier",
        "/suggestions/mon-profil/",
        f"/projet/{project.pk}/",
        bilan_url,
        bilan_url + "synthese/",
        "/reseau/?code=K2111",
        "/accompagnement/messages/",
        "/accompagnement/rendez-vous/",
        "/mes-donnees/",
        "/programmes/handicap/",
    ]
    browse = Browse(page, axe)
    browse.login(person.email)
    weights = Weights(page, urlsplit(live_server.url).netloc)
    for path in paths:
        response = browse.visit(path)
        assert response.status == 200, f"{path}: {response.status}"
    assert len(weights.pages) == len(paths)  # one weighed document per page (a redirect counts for its target)
    weights.assert_light(PAGE_BUDGET)
    largest = weights.largest()
    print(f"\n{len(weights.pages)} pages; largest {largest.url}: {largest.bytes / 1024:.1f} KB")
    for p in sorted(weights.pages, key=lambda p: -p.bytes)[:5]:
        print(
            f"  {p.bytes / 1024:5.1f} KB  {p.url}", [(u.split("/", 3)[-1], round(s / 1024, 1)) for u, s in p.resources]
        )
