"""The share link of a final synthesis: opened without signing in, never cached nor indexed, each opening recorded
and shown to the person; a revoked or expired link answers 410."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from openbilan.projects import document, selectors, services
from openbilan.projects.models import Opening
from openbilan.www.projects.synthesis import pdf_response


def _shared(request, token):
    lookup = selectors.link_for(token)
    if lookup.status == 404:
        raise Http404
    if lookup.status == 410:
        response = render(request, "projects/shared_gone.html", status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return None, response
    return lookup.link, None


def _private(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _opened(link, format: str):
    """The final version the link shows; the opening is recorded for the person to see."""
    synthesis = link.synthesis
    services.record_opening(
        subject=synthesis.enrolment.beneficiary, via=Opening.Via.LINK, synthesis=synthesis, link=link, format=format
    )
    return selectors.final_version(synthesis)


@never_cache
@require_GET
def shared(request, token):
    link, gone = _shared(request, token)
    if gone is not None:
        return gone
    version = _opened(link, Opening.Format.PAGE)
    return _private(
        render(
            request,
            "projects/shared.html",
            {"link": link, "token": token, "version": version, "doc": document.document(version, final=True)},
        )
    )


@never_cache
@require_GET
def shared_pdf(request, token):
    link, gone = _shared(request, token)
    if gone is not None:
        return gone
    return _private(pdf_response(_opened(link, Opening.Format.PDF), final=True))
