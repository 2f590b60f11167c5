"""The public occupation explorer: search with filters, and one page per ROME occupation. No login needed."""

import re

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openbilan.referential import search, selectors
from openbilan.referential.profiles import INTEREST_LETTERS, WORK_VALUE_KEYS, top_letters
from openbilan.www.explorer import charts
from openbilan.www.explorer.forms import ExplorerSearchForm

PER_PAGE = 20
ROME_CODE = re.compile(r"^[A-Na-n]\d{4}$")


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@require_GET
def index(request):
    """Search and filters. The same URL answers htmx with the results fragment, and everyone else with the page."""
    form = ExplorerSearchForm(request.GET)
    results = None
    too_short = False
    if form.is_valid():
        query = form.cleaned_data["q"]
        too_short = bool(query.strip()) and not search.parse(query)
        results = selectors.search_occupations(
            query, form.filters(), page=_page_number(request.GET.get("page", "")), per_page=PER_PAGE
        )
    context = {
        "form": form,
        "results": results,
        "too_short": too_short,
        "query_string": _query_string(request),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "explorer/includes/fragment.html", context)
    context["rome_version"] = selectors.rome_version()
    return render(request, "explorer/index.html", context)


def _query_string(request) -> str:
    """The current search without its page number, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def occupation(request, code_rome):
    if not ROME_CODE.match(code_rome):
        raise Http404
    detail = selectors.occupation_detail(code_rome)
    if detail is None:
        raise Http404
    item = detail.occupation
    interests = item.interests
    values = item.work_values
    context = {
        "detail": detail,
        "occupation": item,
        "interest_bars": charts.bars(INTEREST_LETTERS, charts.INTEREST_NAMES, interests) if interests else [],
        "interest_top": top_letters(interests) if interests else "",
        "value_bars": charts.bars(WORK_VALUE_KEYS, charts.WORK_VALUE_NAMES, values) if values else [],
        "chart_height": charts.chart_height(6),
        "interest_provenance": charts.provenance(item.interest_basis),
        "values_provenance": charts.provenance(item.values_basis),
        "riasec_majeur_name": charts.INTEREST_NAMES.get(item.riasec_majeur, ""),
        "riasec_mineur_name": charts.INTEREST_NAMES.get(item.riasec_mineur, ""),
        "definition_lines": [line for line in item.definition.split("\n") if line.strip()],
        "access_lines": [line for line in item.access.split("\n") if line.strip()],
        "rome_version": selectors.rome_version(),
    }
    return render(request, "explorer/occupation.html", context)
