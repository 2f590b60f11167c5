"""The projects domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `projects.json` in the ZIP (each list also
as a CSV file), and adds the synthesis PDF (`add_files()`)."""

import logging
from zipfile import ZipFile

from openbilan.accounts.models import User
from openbilan.projects import selectors
from openbilan.projects.models import Opening, Project, RetentionChoice, Synthesis
from openbilan.serialize import when

NAME = "projects"
logger = logging.getLogger(__name__)


def part(beneficiary: User) -> dict:
    """Everything the projects domain holds about a person, as JSON-ready data (right of access and portability)."""

    projects = []
    for p in (
        Project.objects.filter(beneficiary=beneficiary)
        .select_related("occupation")
        .prefetch_related("market", "steps", "field", "events")
    ):
        projects.append(
            {
                "title": p.title,
                "kind": p.kind,
                "code_rome": p.code_rome,
                "state": p.state,
                "alignment_note": p.alignment_note,
                "feasibility_note": p.feasibility_note,
                "training_needed": p.training_needed,
                "training_name": p.training_name,
                "funding_sources": p.funding_sources,
                "funding_note": p.funding_note,
                "labour_market": [
                    {"kind": m.kind, "on": when(m.on), "description": m.description, "url": m.url}
                    for m in p.market.all()
                ],
                "steps": [
                    {"title": s.title, "due_on": when(s.due_on), "done_on": when(s.done_on)} for s in p.steps.all()
                ],
                "field_evidence": [
                    {"kind": f.kind, "held_on": when(f.held_on), "with": f.with_whom, "debrief": f.debrief}
                    for f in p.field.all()
                ],
                "history": [
                    {"action": e.action, "to": e.to_state, "at": when(e.at), "comment": e.comment}
                    for e in p.events.all()
                ],
                "validated_at": when(p.validated_at),
            }
        )
    syntheses = []
    for s in Synthesis.objects.filter(enrolment__beneficiary=beneficiary).prefetch_related("versions__comments"):
        syntheses.append(
            {
                "state": s.state,
                "finalised_at": when(s.finalised_at),
                "received_at": when(s.received_at),
                "versions": [
                    {
                        "number": v.number,
                        "final": v.is_final,
                        "written_at": when(v.created_at),
                        "circumstances": v.circumstances,
                        "skills": v.skills,
                        "options": v.options,
                        "project": v.project,
                        "comments": [{"at": when(c.created_at), "body": c.body} for c in v.comments.all()],
                    }
                    for v in s.versions.all()
                ],
                "share_links": [
                    {
                        "recipient": link.recipient,
                        "created_at": when(link.created_at),
                        "expires_at": when(link.expires_at),
                    }
                    for link in s.links.all()
                ],
            }
        )
    openings = [
        {"via": o.via, "format": o.format, "at": when(o.at)} for o in Opening.objects.filter(subject=beneficiary)
    ]
    retention = [
        {"keep": r.keep, "keep_until": when(r.keep_until), "chosen_at": when(r.chosen_at)}
        for r in RetentionChoice.objects.filter(enrolment__beneficiary=beneficiary)
    ]
    return {"projects": projects, "syntheses": syntheses, "openings": openings, "retention": retention}


def add_files(person: User, archive: ZipFile) -> dict:
    """The synthesis PDF, when it can be rendered (WeasyPrint); never fails the export. Adds nothing to
    projects.json."""
    synthesis = selectors.synthesis_of(person)
    if synthesis is None:
        return {}
    try:
        from openbilan.projects import pdf

        version = selectors.readable_version(synthesis, as_person=True)
        if version is not None:
            archive.writestr(pdf.file_name(version), pdf.render_pdf(version, final=version.is_final))
    except Exception:  # the export still holds the synthesis as JSON, and the person can download the PDF later
        logger.warning("export: synthesis PDF not rendered: synthesis=%s", synthesis.pk, exc_info=True)
    return {}
