"""The synthesis PDF: its text (French accents included) read back by an independent reader, fonts embedded, a
tagged PDF/UA document in the reader's language, and the chart drawn as vectors (no image)."""

import datetime
from functools import cache

from django.utils import timezone, translation

from openbilan.projects import pdf
from openbilan.projects.models import SynthesisVersion
from tests.projects import pdftext

FACTS = {
    "person": "Stéphanie Durand",
    "programme": "Parcours orientation Normandie",
    "operator": "Opérateur de démonstration",
    "coach": "Camille Martin",
    "started_on": "2026-09-02",
    "ended_on": None,
    "phases": [
        {"code": "preliminary", "opened_on": "2026-09-02"},
        {"code": "investigation", "opened_on": "2026-09-20"},
    ],
    "interviews": 3,
    "coach_minutes": 390,
    "riasec": {"scores": {"R": 12.5, "I": 40.0, "A": 65.6, "S": 90.6, "E": 53.1, "C": 28.1}, "code": "SAE"},
    "values": ["relationships", "achievement", "independence"],
    "skills": ["Accueillir une clientèle", "Gérer un stock"],
    "options": [{"code": "K2111", "label": "Formateur / Formatrice", "reaction": "fits", "shortlisted": True}],
    "projects": [
        {
            "title": "Formatrice pour adultes",
            "code": "K2111",
            "occupation": "Formateur / Formatrice",
            "kind": "occupation",
            "state": "validated",
            "training": "Titre professionnel Formateur professionnel d'adultes",
            "funding": ["cpf", "region"],
            "field": 2,
            "steps": [{"title": "Déposer le dossier CPF", "due_on": "2026-12-01", "done_on": None}],
        }
    ],
    "meetings": 2,
}


def version(**texts) -> SynthesisVersion:
    return SynthesisVersion(
        number=3,
        circumstances=texts.get("circumstances", "Après dix ans en grande distribution, Stéphanie a souhaité évoluer."),
        skills=texts.get("skills", "Écoute, pédagogie, goût de l'œuvre collective."),
        options="Trois pistes explorées, dont une écartée à cause des horaires.",
        project="Devenir formatrice pour adultes d'ici l'été.",
        facts=FACTS,
        created_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0)),
    )


@cache
def render(language="fr", circumstances=None) -> bytes:
    """Rendered once per language and text for the whole module (no database needed)."""
    texts = {"circumstances": circumstances} if circumstances else {}
    with translation.override(language):
        return pdf.render_pdf(version(**texts), final=True)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_text_keeps_french_accents_and_every_section():
    text = flat(pdftext.text(render()))
    for expected in (
        "Document de synthèse du bilan de compétences",
        "Stéphanie Durand",
        "1. Le contexte du bilan",
        "Phase d'investigation",
        "2. Vos compétences et aptitudes, au regard des pistes envisagées",
        "Écoute, pédagogie, goût de l'œuvre collective.",
        "Social (S)",
        "Les relations humaines",
        "3. Le projet et ses principales étapes",
        "Déposer le dossier CPF",
        "Compte personnel de formation (CPF), Région",
        "Version 3 du 20 novembre 2026. Version définitive.",
    ):
        assert expected in text, expected


def test_the_chart_values_are_in_the_pdf_text_with_their_table():
    text = pdftext.text(render())
    assert "Social\n91" in text  # the chart's own label and value (90.6 rounded)
    assert "Social (S)\n91" in text  # the equivalent table


def test_the_chart_is_drawn_with_vectors_not_an_image():
    data = render()
    assert not pdftext.has_images(data)
    drawing = pdftext.content(data)
    assert b"0.121569 0.372549 0.658824 rg" in drawing  # the bars' colour (#1f5fa8)
    assert drawing.count(b" re\n") >= 6  # at least one rectangle per bar


def test_every_font_is_embedded():
    descriptors, embedded = pdftext.embedded_fonts(render())
    assert descriptors >= 1
    assert embedded == descriptors


def test_the_pdf_is_tagged_in_the_readers_language_with_its_title_shown():
    data = render()
    catalog = pdftext.catalog(data)
    assert b"/StructTreeRoot" in catalog
    assert b"/MarkInfo <</Marked true>>" in catalog
    assert b"/Lang (fr)" in catalog
    assert b"/DisplayDocTitle true" in catalog
    assert b"pdfuaid" in pdftext.content(data)  # the PDF/UA identification in the XMP metadata


def test_the_english_pdf_is_in_english():
    data = render("en")
    assert b"/Lang (en)" in pdftext.catalog(data)
    text = flat(pdftext.text(data))
    assert "1. The context of the bilan" in text
    assert "Le contexte" not in text


def test_text_typed_by_a_person_cannot_inject_markup_or_fetch_anything():
    hostile = '<img src="http://169.254.169.254/latest"> <b>gras</b> & <script>alert(1)</script>'
    data = render(circumstances=hostile)
    assert not pdftext.has_images(data)
    text = pdftext.text(data)
    assert "<b>gras</b>" in text  # shown as typed, never interpreted
