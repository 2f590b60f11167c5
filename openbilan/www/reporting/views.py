"""The funder's dashboard and report (aggregates only, never a person), its exports, and the prescriber's follow-up
of their own referrals (status and outcome only where the person agreed)."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from openbilan.accounts.models import Role
from openbilan.programmes import selectors as programme_selectors
from openbilan.reporting import selectors, services
from openbilan.www.reporting import documents, exports
from openbilan.www.reporting.forms import PublicationForm, SegmentForm
from openbilan.www.reporting.presenters import follow_up_rows
from openbilan.www.roles import role_required

READERS = (Role.FUNDER_VIEWER, Role.OPERATOR_ADMIN)


def programme_list_context(user) -> dict:
    """The programmes a funder viewer (or an operator admin) may see figures of: the figures of their latest
    publication (never the live counts, which would tell who changed since); counts under 11 hidden."""
    minimum = selectors.minimum_cell()
    rows = []
    programmes = list(selectors.programme_rows(user))
    latest = selectors.latest_publications(programmes)
    for programme in programmes:
        publication = latest.get(programme.pk)  # made when the dashboard is first opened, or by the daily task
        report = publication.report if publication else None
        rows.append(
            {
                "programme": programme,
                "publication": publication,
                "enrolled": documents.n_text(report["enrolled"]) if report else "—",
                "completed": documents.n_text(report["completed"]) if report else "—",
            }
        )
    return {"rows": rows, "minimum": minimum}


@require_GET
@role_required(*READERS)
def index(request):
    return render(request, "reporting/index.html", programme_list_context(request.user))


def _programme(request, slug):
    programme = selectors.reportable_programme(request.user, slug)
    if programme is None:
        raise Http404
    return programme


def _chosen(request, programme, **live_options):
    """(report, publication) for this request: a publication chosen by its date (?au=YYYY-MM-DD), else the live
    figures for the programme's operator admins, else the latest publication (made on the spot if none yet)."""
    form = PublicationForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("au"):
        publication = selectors.publication_on(programme, form.cleaned_data["au"])
        if publication is None:
            raise Http404
        return publication.report, publication
    if selectors.operates(request.user, programme) and not (form.is_valid() and form.cleaned_data.get("vue")):
        return documents.programme_report(programme, **live_options), None
    publication = services.ensure_publication(programme)
    return publication.report, publication


def _query(publication) -> str:
    return f"?au={publication.as_of.isoformat()}" if publication else ""


@require_GET
@role_required(*READERS)
def dashboard(request, slug):
    """The status funnel, outcomes, follow-ups, satisfaction, testimonials, and one breakdown at a time (the same URL
    answers the htmx request with the breakdown only)."""
    programme = _programme(request, slug)
    form = SegmentForm(request.GET or None)
    dimension = form.dimension()
    if request.htmx:
        report, _publication = _chosen(request, programme, dimensions=(dimension,), over_time=False)
        view = documents.segment_view(report, dimension)
        return render(request, "reporting/includes/segment.html", {"segment": view, "minimum": report["minimum_cell"]})
    report, publication = _chosen(request, programme, dimensions=(dimension,))
    context = documents.presentation(report, dimensions=[dimension], publication=publication)
    context.update(
        {
            "programme": programme,
            "segment_form": SegmentForm(initial={"segment": dimension}),
            "segment": context["segments"][0] if context["segments"] else None,
            "publications": selectors.publications_of(programme)[:36],
            "operator": selectors.operates(request.user, programme),
            "query": _query(publication),
        }
    )
    return render(request, "reporting/dashboard.html", context)


@require_GET
@role_required(*READERS)
def report(request, slug):
    """The full report: every table, every breakdown, the measures, the occupations, the definitions."""
    programme = _programme(request, slug)
    report, publication = _chosen(request, programme)
    context = documents.presentation(report, publication=publication)
    context.update({"programme": programme, "query": _query(publication)})
    return render(request, "reporting/report.html", context)


@require_GET
@role_required(*READERS)
def summary(request, slug):
    """One printable page, like the pilot report's "Bilan de cet accompagnement": completion, outcomes with the
    occupations reached, satisfaction."""
    programme = _programme(request, slug)
    report, publication = _chosen(request, programme, dimensions=())
    context = documents.presentation(report, publication=publication, dimensions=[])
    context.update({"programme": programme, "query": _query(publication)})
    return render(request, "reporting/summary.html", context)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _name(prefix: str, programme, report: dict, extension: str) -> str:
    return f"{prefix}-{slugify(programme.slug)}-{report['as_of']}.{extension}"


def _document_view(name: str, prefix: str, extension: str, content_type: str, make, **live_options):
    """A view downloading one document of a programme's figures, `<prefix>-<programme>-<date>.<extension>`, made by
    `make(report, publication)` from the figures `_chosen` picks (the live ones asked with `live_options`)."""

    def view(request, slug):
        programme = _programme(request, slug)
        report, publication = _chosen(request, programme, **live_options)
        return _download(make(report, publication), content_type, _name(prefix, programme, report, extension))

    view.__name__ = view.__qualname__ = name  # what the security log names on a refusal
    return require_GET(role_required(*READERS)(view))


def _json(report, publication) -> str:
    return json.dumps(documents.localised(report, publication), ensure_ascii=False, indent=2)


def _summary_pdf(report, publication) -> bytes:
    return documents.report_pdf(report, publication, summary=True)


PDF, CSV = "application/pdf", "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
report_pdf = _document_view("report_pdf", "rapport", "pdf", PDF, documents.report_pdf)
summary_pdf = _document_view("summary_pdf", "bilan", "pdf", PDF, _summary_pdf, dimensions=())
report_json = _document_view("report_json", "rapport", "json", "application/json; charset=utf-8", _json)
export_csv = _document_view("export_csv", "chiffres", "zip", "application/zip", lambda r, _p: exports.aggregates_zip(r))
export_tidy = _document_view("export_tidy", "donnees", "csv", CSV, lambda r, _p: exports.tidy_csv(r))
export_xlsx = _document_view("export_xlsx", "chiffres", "xlsx", XLSX, lambda r, _p: exports.aggregates_xlsx(r))


@require_GET
@role_required(Role.PRESCRIBER)
def referrals(request):
    """Every referral of the prescriber's organisations: status and outcome only where the person agreed."""
    rows = follow_up_rows(
        programme_selectors.referral_follow_up(request.user), programme_selectors.referrals_in_review_of(request.user)
    )
    return render(
        request,
        "reporting/referrals.html",
        {"rows": rows, "site_name": settings.OPENBILAN_SITE_NAME},
    )
