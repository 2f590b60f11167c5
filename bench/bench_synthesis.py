"""Rendering the synthesis document: the HTML it is printed from, and the PDF (WeasyPrint, PDF/UA-1, fonts
embedded, the RIASEC chart as vectors). Target: the PDF in under 2 s."""

import datetime

from bench.timing import measure

FACTS = {
    "person": "Stéphanie Durand",
    "programme": "Parcours orientation Normandie 2026",
    "operator": "OpenBilan Démo (opérateur)",
    "coach": "Camille Martin",
    "started_on": "2026-09-02",
    "ended_on": "2026-12-04",
    "phases": [
        {"code": "preliminary", "opened_on": "2026-09-02"},
        {"code": "investigation", "opened_on": "2026-09-20"},
        {"code": "conclusions", "opened_on": "2026-11-20"},
    ],
    "interviews": 6,
    "coach_minutes": 1140,
    "riasec": {"scores": {"R": 12.5, "I": 40.6, "A": 65.6, "S": 90.6, "E": 53.1, "C": 28.1}, "code": "SAE"},
    "values": ["relationships", "achievement", "independence"],
    "skills": [f"Compétence confirmée n° {n}" for n in range(1, 13)],
    "options": [
        {"code": f"K21{n:02d}", "label": f"Métier exploré n° {n}", "reaction": "fits", "shortlisted": n < 4}
        for n in range(1, 11)
    ],
    "projects": [
        {
            "title": "Formatrice pour adultes",
            "code": "K2111",
            "occupation": "Formateur / Formatrice",
            "kind": "occupation",
            "state": "validated",
            "training": "Titre professionnel Formateur professionnel d'adultes",
            "funding": ["cpf", "region"],
            "field": 3,
            "steps": [
                {"title": f"Étape n° {n} du plan d'action", "due_on": "2027-01-15", "done_on": None}
                for n in range(1, 7)
            ],
        }
    ],
    "meetings": 2,
}
TEXT = (
    "Stéphanie a demandé ce bilan après douze ans dans la vente. Elle a exploré trois pistes ; les rencontres avec "
    "des professionnelles ont confirmé la formation pour adultes. "
) * 4


def run():
    from django.utils import timezone, translation

    from openbilan.projects import pdf
    from openbilan.projects.models import SynthesisVersion

    version = SynthesisVersion(
        number=3,
        circumstances=TEXT,
        skills=TEXT,
        options=TEXT,
        project=TEXT,
        facts=FACTS,
        created_at=timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0)),
    )
    with translation.override("fr"):
        size = len(pdf.render_pdf(version, final=True))
        return [
            measure("synthesis HTML for the PDF", lambda: pdf.html_for(version, final=True), runs=30),
            measure(
                "synthesis PDF (PDF/UA-1, fonts embedded, vector chart)",
                lambda: pdf.render_pdf(version, final=True),
                runs=15,
                warmup=2,
                note=f"{size // 1024} KB, target < 2000 ms",
            ),
        ]
