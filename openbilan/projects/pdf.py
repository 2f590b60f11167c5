"""The synthesis as a PDF, rendered by WeasyPrint from the same template fragment as the page.

- Fonts: the system's DejaVu Sans (Liberation Sans as a fallback), embedded as subsets by WeasyPrint.
- Accessibility: a tagged PDF/UA-1 (WeasyPrint >= 63 supports pdf_variant="pdf/ua-1": structure tree, language,
  title shown in the reader's title bar).
- Charts: inline SVG, drawn as vector paths (no image).
- Safety: the document loads nothing from outside (every URL is refused), so no text typed by a person can make
  the server fetch anything.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language

from openbilan.projects.document import document
from openbilan.projects.models import SynthesisVersion

CSS_FILE = Path(__file__).with_name("document.css")
PDF_VARIANT = "pdf/ua-1"


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=CSS_FILE.read_text(encoding="utf-8"))


def _fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=())


def html_for(version: SynthesisVersion, *, final: bool) -> str:
    context = {"doc": document(version, final=final), "language": (get_language() or "fr").split("-")[0]}
    return render_to_string("projects/document/pdf.html", context)


def render_pdf(version: SynthesisVersion, *, final: bool) -> bytes:
    """The PDF of one version, in the active language."""
    from weasyprint import HTML

    html = HTML(string=html_for(version, final=final), url_fetcher=_fetcher(), base_url=None)
    return html.write_pdf(stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT, custom_metadata=True)


def file_name(version: SynthesisVersion) -> str:
    return f"synthese-bilan-v{version.number}.pdf"
