"""Who reaches which bilan or project on the project pages: decided by projects.selectors (the person and their
coach, and, for a project waiting for a second review, the second reviewer). Anybody else gets a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from openbilan.projects import selectors


def bilan_or_404(request, enrolment_id):
    access = selectors.bilan_access(request.user, enrolment_id)
    if access is None:
        raise Http404
    return access


def own_bilan(request, enrolment_id):
    """The bilan for a write only the person makes (start a project, share, keep documents): 404 for anybody who
    does not reach the bilan, 403 for their coach."""
    access = bilan_or_404(request, enrolment_id)
    if not access.is_person:
        raise PermissionDenied
    return access


def project_or_404(request, project_id):
    access = selectors.project_access(request.user, project_id)
    if access is None:
        raise Http404
    return access
