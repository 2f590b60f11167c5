"""`manage.py load_demo` hook: the demo feed of training offers (data/training/demo/), written for the demo from
real current certifications and real Normandie communes, with fictitious organisations. Every page that shows one of
its sessions says "session de démonstration".

Its dates are moved, by whole weeks, so that the first session starts about four weeks after the day of loading: the
demo keeps showing upcoming sessions whatever the date. Safe to run twice (the same day, nothing changes).
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone

from openbilan.training import selectors, services

DEMO_FILE = settings.BASE_DIR / "data" / "training" / "demo" / "offres-demo-normandie.lheo.xml"
FEED_KEY = "demo-normandie"
FEED_LABEL = "Offres de démonstration (Normandie)"
LEAD = datetime.timedelta(weeks=4)
CAEN = (49.184982, -0.3698975)  # the demo beneficiary's commune (territory demo)
DATE = re.compile(rb"<(debut|fin)>(\d{8})</(?:debut|fin)>")


def shifted(raw: bytes, today: datetime.date) -> bytes:
    """The file with every session date moved by the same number of weeks, the first start LEAD after `today`."""
    dates = [datetime.datetime.strptime(m[2].decode(), "%Y%m%d").date() for m in DATE.finditer(raw)]
    starts = [d for m, d in zip(DATE.finditer(raw), dates, strict=True) if m[1] == b"debut"]
    weeks = ((today + LEAD) - min(starts)).days // 7
    offset = datetime.timedelta(weeks=weeks)

    def move(match: re.Match) -> bytes:
        moved = datetime.datetime.strptime(match[2].decode(), "%Y%m%d").date() + offset
        return b"<%s>%s</%s>" % (match[1], moved.strftime("%Y%m%d").encode(), match[1])

    return DATE.sub(move, raw)


def load(context) -> None:
    raw = shifted(DEMO_FILE.read_bytes(), timezone.localdate())
    services.import_training_offers(path=DEMO_FILE, key=FEED_KEY, label=FEED_LABEL, is_demo=True, raw=raw)
    _plan(context)


def _plan(context) -> None:
    """Issue 21: Stéphanie's project (projects demo) picks a certification leading to its occupation and its nearest
    demo session within 30 km of Caen, as she would from the suggestion's training page. Skipped when her project
    has a choice already, or when no current certification leads to its occupation."""
    from openbilan.projects import services as projects
    from openbilan.projects.errors import ProjectsRefused
    from openbilan.projects.models import Project

    project = Project.objects.filter(beneficiary=context.users["beneficiary"]).order_by("pk").first()
    if project is None or project.certification_code:
        return
    codes = [card.code for card in selectors.certifications_for_occupation(project.code_rome) or ()]
    if not codes:
        return
    near = selectors.upcoming_sessions(codes, point=CAEN, radius_km=30, limit=1)
    code = next((c for c in codes if near and c in near[0].certification_codes), codes[0])
    try:
        projects.choose_training(
            project=project,
            actor=project.beneficiary,
            certification_code=code,
            session_reference=near[0].reference if near and code in near[0].certification_codes else "",
        )
    except ProjectsRefused:  # the project is under review: the demo leaves it as it is
        return
    _resave_synthesis(project)


def _resave_synthesis(project) -> None:
    """The projects demo saved the coach's draft synthesis before this hook (INSTALLED_APPS order), so its facts lack
    the training just chosen: its coach saves the draft again, as after any change to the plan, so that the draft and
    its PDF show the certification and the session. Skipped without a draft or once it was sent."""
    from openbilan.projects import services as projects
    from openbilan.projects.errors import ProjectsRefused
    from openbilan.projects.models import SynthesisState, SynthesisVersion

    last = (
        SynthesisVersion.objects.filter(synthesis__enrolment=project.enrolment, synthesis__state=SynthesisState.DRAFT)
        .order_by("-number")
        .first()
    )
    if last is None or last.written_by is None:
        return
    try:
        projects.save_synthesis(
            enrolment=project.enrolment,
            actor=last.written_by,
            circumstances=last.circumstances,
            skills=last.skills,
            options=last.options,
            project=last.project,
        )
    except ProjectsRefused:
        return
