"""The programme report as a PDF: made once per document (a publication is frozen), one font family, the wide
breakdown tables on landscape pages."""

import re

import pytest
from django.core.cache import cache

from openbilan.accounts.models import Role
from openbilan.programmes import services
from openbilan.reporting import services as reporting
from openbilan.www.reporting import documents
from tests.accounts.factories import UserFactory
from tests.programmes.cohort import csv_bytes, pilot_rows
from tests.programmes.factories import ProgrammeFactory
from tests.projects import pdftext


@pytest.fixture
def pilot(db):
    programme = ProgrammeFactory(slug="pilote-pdf", cohort_prescribers=True)
    services.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    assert programme.enrolments.count() == 100  # the import went through (it refuses unknown prescribers)
    return programme


@pytest.fixture
def renders(monkeypatch):
    """The documents WeasyPrint was asked to lay out, in order (the cache starts empty)."""
    cache.clear()
    made = []
    real = documents.render_pdf

    def counting(document, identifier):
        made.append(document)
        return real(document, identifier)

    monkeypatch.setattr(documents, "render_pdf", counting)
    return made


def test_a_publications_pdf_is_made_once_and_every_download_reads_it_back(client, pilot, renders):
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=pilot.funder))
    first = client.get(f"/rapports/{pilot.slug}/rapport.pdf").content
    second = client.get(f"/rapports/{pilot.slug}/rapport.pdf").content
    assert first.startswith(b"%PDF") and first == second
    assert len(renders) == 1


def test_a_document_that_changed_is_rendered_again(pilot, renders):
    report = reporting.ensure_publication(pilot).report
    documents.report_pdf(report)
    documents.report_pdf({**report, "programme_name": "Un autre nom"})
    documents.report_pdf(report, summary=True)
    assert len(renders) == 3
    assert "Un autre nom" in renders[1] and "Un autre nom" not in renders[0]


def test_the_pdf_embeds_one_font_family_and_keeps_french_accents(pilot, renders):
    pdf = documents.report_pdf(reporting.ensure_publication(pilot).report)
    names = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([\w-]+)", pdftext.parse(pdf).heads()))
    assert names and all(name.startswith(b"DejaVu-Sans") for name in names), names  # page numbers too
    descriptors, embedded = pdftext.embedded_fonts(pdf)
    assert descriptors == embedded == len(names)
    assert "Définitions" in pdftext.text(pdf)


def test_the_breakdown_tables_are_on_landscape_pages(pilot, renders):
    pdf = documents.report_pdf(reporting.ensure_publication(pilot).report)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdftext.parse(pdf).heads())
    sizes = {(round(float(width)), round(float(height))) for width, height in boxes}
    assert (595, 842) in sizes  # the headline, follow-ups and satisfaction: portrait A4
    assert (842, 595) in sizes  # the breakdowns: landscape A4


def test_a_chart_label_is_drawn_whole_over_several_lines():
    from django.template.loader import render_to_string

    from openbilan.reporting.charts import bar_chart

    label = "ont trouvé le travail sur soi ou les échanges avec le coach les plus utiles"
    svg = render_to_string(
        "reporting/includes/bar_chart.html",
        {"chart": bar_chart([("a", label, 42.0, "42,0 %")]), "chart_id": "c", "title": "T"},
    )
    lines = re.findall(r'<text x="0" y="[\d.]+" class="chart-label"[^>]*>([^<]*)</text>', svg)
    assert len(lines) == 2 and " ".join(lines) == label
    assert "…" not in svg
