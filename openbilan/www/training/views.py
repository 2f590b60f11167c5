"""Public pages of the certifications and training offers: one certification, and all those leading to an
occupation, with their upcoming sessions. No login needed (like the occupation explorer)."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openbilan.training import selectors

CODE = re.compile(r"^(RNCP|RS)\d{1,6}$", re.IGNORECASE)
ROME_CODE = re.compile(r"^[A-Na-n]\d{4}$")
PER_PAGE = 25
SESSIONS = 30


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@require_GET
def certification(request, certification_code):
    if not CODE.match(certification_code):
        raise Http404
    detail = selectors.certification_detail(certification_code)
    if detail is None:
        raise Http404
    sessions = selectors.upcoming_sessions([detail.card.code], limit=SESSIONS)
    context = {"detail": detail, "card": detail.card, "sessions": sessions, "export_date": detail.export_date}
    return render(request, "training/certification.html", context)


@require_GET
def occupation(request, code_rome):
    if not ROME_CODE.match(code_rome):
        raise Http404
    item = selectors.find_occupation(code_rome)
    if item is None:
        raise Http404
    cards = selectors.certifications_for_occupation(item)
    page = Paginator(cards, PER_PAGE).get_page(_page_number(request.GET.get("page", "")))
    sessions = selectors.upcoming_sessions([card.code for card in cards], limit=SESSIONS) if cards else []
    context = {
        "occupation": item,
        "page": page,
        "total": len(cards),
        "sessions": sessions,
        "export_date": selectors.export_date(),
    }
    return render(request, "training/occupation.html", context)
