"""The funder's dashboard and report (aggregates only, never a person), its exports, and the prescriber's follow-up
of their own referrals (status and outcome only where the person agreed)."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from openbilan.accounts.models import Role
from openbilan.programmes import selectors as programme_selectors
from openbilan.reporting import selectors
from openbilan.reporting.disclosure import suppress
from openbilan.www.reporting import documents
from openbilan.www.reporting.forms import SegmentForm
from openbilan.www.reporting.presenters import follow_up_rows
from openbilan.www.roles import role_required

READERS = (Role.FUNDER_VIEWER, Role.OPERATOR_ADMIN)


def programme_list_context(user) -> dict:
    """The programmes a funder viewer (or an operator admin) may see figures of; counts under 11 hidden."""
    minimum = selectors.minimum_cell()
    rows = []
    for programme in selectors.programme_rows(user):
        enrolled = suppress(programme.n_enrolled, minimum)
        completed = programme.n_completed if not enrolled.suppressed else enrolled
        rows.append({"programme": programme, "enrolled": enrolled, "completed": completed})
    return {"rows": rows, "minimum": minimum}


@require_GET
@role_required(*READERS)
def index(request):
    return render(request, "reporting/index.html", programme_list_context(request.user))


def _programme(request, slug):
    return get_object_or_404(
        selectors.reportable_programmes(request.user).select_related("funder", "operator"), slug=slug
    )


@require_GET
@role_required(*READERS)
def dashboard(request, slug):
    """The status funnel, outcomes, follow-ups, satisfaction, testimonials, and one breakdown at a time (the same URL
    answers the htmx request with the breakdown only)."""
    programme = _programme(request, slug)
    form = SegmentForm(request.GET or None)
    dimension = form.dimension()
    if request.htmx:
        report = documents.programme_report(programme, dimensions=(dimension,), over_time=False)
        view = documents.segment_view(report, dimension)
        return render(request, "reporting/includes/segment.html", {"segment": view, "minimum": report["minimum_cell"]})
    report = documents.programme_report(programme, dimensions=(dimension,))
    context = documents.presentation(report, dimensions=[dimension])
    context.update(
        {
            "programme": programme,
            "segment_form": SegmentForm(initial={"segment": dimension}),
            "segment": context["segments"][0] if context["segments"] else None,
        }
    )
    return render(request, "reporting/dashboard.html", context)


@require_GET
@role_required(*READERS)
def report(request, slug):
    programme = _programme(request, slug)
    context = documents.presentation(documents.programme_report(programme))
    context["programme"] = programme
    return render(request, "reporting/report.html", context)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_required(*READERS)
def report_pdf(request, slug):
    programme = _programme(request, slug)
    pdf = documents.report_pdf(documents.programme_report(programme))
    return _download(pdf, "application/pdf", f"rapport-{slugify(programme.slug)}.pdf")


@require_GET
@role_required(*READERS)
def report_json(request, slug):
    programme = _programme(request, slug)
    text = json.dumps(documents.programme_report(programme), ensure_ascii=False, indent=2)
    return _download(text, "application/json; charset=utf-8", f"rapport-{slugify(programme.slug)}.json")


@require_GET
@role_required(*READERS)
def export_csv(request, slug):
    programme = _programme(request, slug)
    text = documents.aggregates_csv(documents.programme_report(programme))
    return _download("\ufeff" + text, "text/csv; charset=utf-8", f"chiffres-{slugify(programme.slug)}.csv")


@require_GET
@role_required(*READERS)
def export_xlsx(request, slug):
    programme = _programme(request, slug)
    content = documents.aggregates_xlsx(documents.programme_report(programme))
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"chiffres-{slugify(programme.slug)}.xlsx",
    )


@require_GET
@role_required(Role.PRESCRIBER)
def referrals(request):
    """Every referral of the prescriber's organisations: status and outcome only where the person agreed."""
    rows = follow_up_rows(programme_selectors.referral_follow_up(request.user))
    pending = programme_selectors.referrals_in_review_of(request.user)
    return render(
        request,
        "reporting/referrals.html",
        {"rows": rows, "pending": pending, "site_name": settings.OPENBILAN_SITE_NAME},
    )
