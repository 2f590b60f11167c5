"""Every write of the projects domain: a project started from the shortlist, its evidence, its workflow; the
synthesis versions, comments, finalisation and receipt; share links and the record of every opening; the choice to
keep documents for follow-up."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from openbilan import tokens
from openbilan.accounts.models import User
from openbilan.enrolments import access
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.journeys import services as journeys
from openbilan.privacy.models import AccessLabel
from openbilan.projects import criteria, selectors, snapshot, workflow
from openbilan.projects.errors import ProjectsRefused
from openbilan.projects.models import (
    ActionStep,
    FieldEvidence,
    FundingSource,
    MarketEvidence,
    Opening,
    Project,
    ProjectEvent,
    RetentionChoice,
    ShareLink,
    Synthesis,
    SynthesisComment,
    SynthesisVersion,
)
from openbilan.recommendations import ranking
from openbilan.recommendations import selectors as recommendations
from openbilan.recommendations.models import ShortlistItem
from openbilan.territory import selectors as territory
from openbilan.training import selectors as training

logger = logging.getLogger(__name__)

SHARE_DAYS = (7, 30, 90)
RETENTION_MONTHS = (0, 12, 36)  # R6313-7: three years at most after the end
RETENTION_YEARS = 3
# The written agreement the person gives to keep their documents for a follow-up (R6313-7), kept word for word.
RETENTION_AGREEMENT = gettext_noop("J'accepte par écrit que l'organisme garde mes documents pour un suivi.")
RETENTION_AGREEMENT_HELP = gettext_noop(
    "Ma situation demande un suivi. Je peux changer d'avis à tout moment : mes documents seront alors détruits."
)
MAX_KEEP_DAYS = 365


def _event(project: Project, *, action: str, actor: User | None, from_state: str = "", **extra) -> ProjectEvent:
    return ProjectEvent.objects.create(
        project=project,
        action=action,
        from_state=from_state,
        to_state=project.state,
        actor=actor,
        at=timezone.now(),
        **extra,
    )


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("enrolment__programme", "enrolment__coach", "beneficiary", "occupation")
        .get(pk=project.pk)
    )


def _locked_for_person(project: Project, actor: User) -> Project:
    """The project locked for an edit by its person, while its state still allows one."""
    project = _locked(project)
    if project.beneficiary_id != actor.pk or not actor.is_beneficiary:
        raise ProjectsRefused("not_allowed")
    if not workflow.editable(project.state):
        raise ProjectsRefused("not_editable")
    return project


# --- starting a project and its evidence ---------------------------------------------------------------------------


def _take_evidence(project: Project) -> None:
    """Copy what the suggestions say about this occupation for this person (alignment and feasibility), as it
    stands now: the validation rests on evidence that does not move afterwards."""
    outlook = recommendations.outlook_for(project.beneficiary)
    result = outlook.ranking
    if project.code_rome not in result.prepared.index:
        project.alignment_evidence, project.feasibility_evidence = {}, {}
        return
    suggestion = result.explain(project.code_rome)
    path = ranking.training_path(result, project.code_rome)
    imperatives = outlook.profile.imperatives
    local = next((r for r in suggestion.reasons if r.kind == "demand"), None)
    place = territory.place_of(project.beneficiary)
    project.alignment_evidence = {
        "score": suggestion.score,
        "rank": suggestion.rank,
        "eligible": len(result.order),
        "person_code": result.person_code,
        "reasons": [
            {"kind": r.kind, "weight": round(r.weight, 3), "text": snapshot.dump(r.text)}
            for r in suggestion.reasons
            if r.kind not in ("entry", "training")
        ],
    }
    project.feasibility_evidence = {
        "entry": snapshot.dump(path.entry_text),
        "training": snapshot.dump(path.text),
        "excluded_by": snapshot.dump(path.excluded_by.text) if path.excluded_by else None,
        "months": path.months,
        "level_gap": path.level_gap,
        "held_skills": len(path.held_skills),
        "missing_skills": len(path.missing_skills),
        # Issue 20: the hiring demand near the person (the family's figure, bassin, year and source) and how far
        # they can travel, as the suggestions showed them.
        "local_demand": snapshot.dump(local.text) if local else None,
        "travel_km": place.place.travel_km if place else None,
        "imperatives": {
            "qualification_level": imperatives.qualification_level or "",
            "max_training": imperatives.max_training,
            "self_employment": imperatives.self_employment,
            "excluded_contexts": len(imperatives.excluded_contexts),
        },
    }
    project.evidence_taken_at = timezone.now()


@transaction.atomic
def start_project(*, enrolment: Enrolment, actor: User, shortlist_item_id: int) -> Project:
    """The person turns a shortlisted path into a project of their bilan."""
    if enrolment.beneficiary_id != actor.pk or not actor.is_beneficiary:
        raise ProjectsRefused("not_allowed")
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ProjectsRefused("not_active")
    item = ShortlistItem.objects.filter(pk=shortlist_item_id, user=actor).select_related("occupation").first()
    if item is None or not item.occupation.is_active:
        raise ProjectsRefused("not_shortlisted")
    if Project.objects.filter(enrolment=enrolment, occupation=item.occupation, kind=item.path).exists():
        raise ProjectsRefused("already_exists")
    project = Project(
        enrolment=enrolment,
        beneficiary=actor,
        kind=item.path,
        occupation=item.occupation,
        code_rome=item.occupation.code_rome,
        title=item.occupation.label[:200],
        shortlist_item=item,
    )
    _take_evidence(project)
    project.save()
    _event(project, action="created", actor=actor)
    logger.info("project started: project=%s enrolment=%s", project.pk, enrolment.pk)
    return project


@transaction.atomic
def refresh_evidence(*, project: Project, actor: User) -> Project:
    project = _locked_for_person(project, actor)
    _take_evidence(project)
    project.save(update_fields=["alignment_evidence", "feasibility_evidence", "evidence_taken_at", "updated_at"])
    return project


def refresh_evidence_if_stale(*, project: Project, actor: User) -> Project:
    """Issue 19: the person's project page takes the evidence again when what it reads has changed since, so the
    criteria never judge stale facts. Only while the person may still edit it: a submitted or validated project
    keeps the evidence it was judged on."""
    if project.beneficiary_id != actor.pk or not workflow.editable(project.state):
        return project
    if not selectors.evidence_is_stale(project):
        return project
    return refresh_evidence(project=project, actor=actor)


@transaction.atomic
def save_notes(
    *, project: Project, actor: User, alignment_note: str | None = None, feasibility_note: str | None = None
) -> Project:
    project = _locked_for_person(project, actor)
    fields = ["updated_at"]
    if alignment_note is not None:
        project.alignment_note = alignment_note.strip()[:4000]
        fields.append("alignment_note")
    if feasibility_note is not None:
        project.feasibility_note = feasibility_note.strip()[:4000]
        fields.append("feasibility_note")
    project.save(update_fields=fields)
    return project


CHOSEN_TRAINING_FIELDS = (
    "training_needed",
    "training_name",
    "certification_code",
    "session_reference",
    "session_label",
    "session_is_demo",
)


@transaction.atomic
def choose_training(*, project: Project, actor: User, certification_code: str, session_reference: str = "") -> Project:
    """Issue 21: the plan picks a current certification leading to the project's occupation and, optionally, one of
    its upcoming sessions (its feed reference, kept across re-imports); without a session it is "to find"."""
    project = _locked_for_person(project, actor)
    code = (certification_code or "").strip().upper()[:20]
    cards = {card.code: card for card in training.certifications_for_occupation(project.code_rome) or ()}
    if code not in cards:
        raise ProjectsRefused("certification_invalid")
    label, demo = "", False
    if session_reference:
        found = [s for s in training.upcoming_sessions([code]) if s.reference == session_reference]
        if not found:
            raise ProjectsRefused("session_invalid")
        session = found[0]
        demo = session.is_demo
        label = " · ".join(
            part
            for part in (
                session.organisation,
                session.city,
                date_format(session.start, "SHORT_DATE_FORMAT") if session.start else "",
            )
            if part
        )[:300]
    project.training_needed = True
    project.training_name = cards[code].title[:200]
    project.certification_code = code
    project.session_reference = session_reference[:300] if label else ""
    project.session_label = label
    project.session_is_demo = demo
    project.save(update_fields=[*CHOSEN_TRAINING_FIELDS, "updated_at"])
    return project


@transaction.atomic
def save_funding(
    *, project: Project, actor: User, training_needed: bool, training_name: str, sources: list[str], note: str
) -> Project:
    project = _locked_for_person(project, actor)
    sources = list(dict.fromkeys(sources or []))
    if any(source not in FundingSource.values for source in sources):
        raise ProjectsRefused("funding_invalid")
    name = training_name.strip()[:200] if training_needed else ""
    if name != project.training_name:  # another training than the certification chosen: the choice no longer holds
        project.certification_code, project.session_reference, project.session_label = "", "", ""
        project.session_is_demo = False
    project.training_needed = bool(training_needed)
    project.training_name = name
    project.funding_sources = sources if training_needed else []
    project.funding_note = note.strip()[:4000]
    project.save(update_fields=[*CHOSEN_TRAINING_FIELDS, "funding_sources", "funding_note", "updated_at"])
    return project


def _dated_evidence(
    project: Project, actor: User, model: type[MarketEvidence | FieldEvidence], kind: str, on: datetime.date
) -> Project:
    """The project locked for its person to add a piece of evidence of a known kind, dated in the past."""
    project = _locked_for_person(project, actor)
    if kind not in model.Kind.values:
        raise ProjectsRefused("not_allowed")
    if on > timezone.localdate():
        raise ProjectsRefused("date_future")
    if on < timezone.localdate(project.enrolment.created_at) - datetime.timedelta(days=365):
        raise ProjectsRefused("date_invalid")
    return project


def _text(value: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ProjectsRefused("text_missing")
    return value[:limit]


@transaction.atomic
def add_market(
    *, project: Project, actor: User, kind: str, on: datetime.date, description: str, url: str = ""
) -> MarketEvidence:
    project = _dated_evidence(project, actor, MarketEvidence, kind, on)
    return MarketEvidence.objects.create(
        project=project, kind=kind, on=on, description=_text(description, 500), url=(url or "").strip()[:500]
    )


@transaction.atomic
def add_step(*, project: Project, actor: User, title: str, due_on: datetime.date) -> ActionStep:
    project = _locked_for_person(project, actor)
    today = timezone.localdate()
    if not (today - datetime.timedelta(days=365) <= due_on <= today + datetime.timedelta(days=3 * 365)):
        raise ProjectsRefused("date_invalid")
    return ActionStep.objects.create(project=project, title=_text(title, 200), due_on=due_on)


@transaction.atomic
def set_step_done(*, project: Project, actor: User, step_id: int, done: bool) -> ActionStep:
    """Ticking a step off is progress, not a change of the project: allowed in every state, by the person."""
    project = _locked(project)
    if project.beneficiary_id != actor.pk or not actor.is_beneficiary:
        raise ProjectsRefused("not_allowed")
    step = ActionStep.objects.filter(project=project, pk=step_id).first()
    if step is None:
        raise ProjectsRefused("not_allowed")
    step.done_on = timezone.localdate() if done else None
    step.save(update_fields=["done_on"])
    return step


@transaction.atomic
def add_field(
    *, project: Project, actor: User, kind: str, held_on: datetime.date, with_whom: str, debrief: str
) -> FieldEvidence:
    project = _dated_evidence(project, actor, FieldEvidence, kind, held_on)
    return FieldEvidence.objects.create(
        project=project, kind=kind, held_on=held_on, with_whom=_text(with_whom, 200), debrief=_text(debrief, 4000)
    )


EVIDENCE_MODELS = {"marche": MarketEvidence, "etape": ActionStep, "terrain": FieldEvidence}


@transaction.atomic
def delete_evidence(*, project: Project, actor: User, kind: str, item_id: int) -> None:
    project = _locked_for_person(project, actor)
    model = EVIDENCE_MODELS.get(kind)
    if model is None or not model.objects.filter(project=project, pk=item_id).delete()[0]:
        raise ProjectsRefused("not_allowed")


# --- the workflow ------------------------------------------------------------------------------------------------


def _actor_of(project: Project, user: User) -> workflow.Actor | None:
    """Who `user` is to the project, as the one access rule says (openbilan.enrolments.access)."""
    if project.beneficiary_id == user.pk and user.is_beneficiary:
        return workflow.Actor.PERSON
    rule = access.decide(user, project.enrolment)
    if rule is not None and rule.is_coach and rule.content:
        return workflow.Actor.COACH
    if project.second_reviewer_id == user.pk and access.second_reviewer(user, project.enrolment) is not None:
        return workflow.Actor.SECOND_REVIEWER
    return None


@transaction.atomic
def transition(
    *,
    project: Project,
    actor: User,
    action: str,
    comment: str = "",
    criteria_comments: dict[str, str] | None = None,
    reviewer: User | None = None,
) -> Project:
    """Submit, withdraw, ask for changes or validate, as the workflow decides; every step goes to the history."""
    project = _locked(project)
    who = _actor_of(project, actor)
    if who is None:
        raise ProjectsRefused("not_allowed")
    comment = (comment or "").strip()[:4000]
    criteria_comments = {
        kind: text.strip()[:1000]
        for kind, text in (criteria_comments or {}).items()
        if kind in criteria.KINDS and text and text.strip()
    }
    required = selectors.second_review_required(project.enrolment.programme)
    if reviewer is not None and not (
        selectors.reviewers_for(project, actor).filter(pk=reviewer.pk).exists() and who is workflow.Actor.COACH
    ):
        raise ProjectsRefused("reviewer_invalid")
    facts = workflow.Facts(
        state=project.state,
        actor=who,
        criteria_met=criteria.all_met(selectors.checks_of(project)),
        second_review_required=required,
        reviewer_chosen=reviewer is not None,
        has_comment=bool(comment or criteria_comments),
    )
    decision = workflow.decide(facts, action)
    if isinstance(decision, workflow.Refusal):
        raise ProjectsRefused(decision.code)
    before = project.state
    now = timezone.now()
    project.state = str(decision)
    fields = ["state", "updated_at"]
    if action == workflow.Action.VALIDATE and who is workflow.Actor.COACH:
        project.signed_off_by, project.signed_off_at = actor, now
        project.second_reviewer = reviewer if decision == workflow.State.SECOND_REVIEW else None
        fields += ["signed_off_by", "signed_off_at", "second_reviewer"]
    if decision == workflow.State.VALIDATED:
        project.validated_at = now
        fields.append("validated_at")
    project.save(update_fields=fields)
    _event(
        project,
        action=action,
        actor=actor,
        from_state=before,
        comment=comment,
        criteria_comments=criteria_comments,
    )
    logger.info("project %s: %s -> %s by %s", project.pk, before, project.state, who)
    if decision == workflow.State.SUBMITTED:
        journeys.record_platform_event(
            enrolment=project.enrolment, event=journeys.PlatformEvent.PROJECT_SUBMITTED, at=now
        )
    elif decision == workflow.State.VALIDATED:
        journeys.record_platform_event(
            enrolment=project.enrolment, event=journeys.PlatformEvent.PROJECT_VALIDATED, at=now
        )
    return project


# --- openings ----------------------------------------------------------------------------------------------------


def record_opening(
    *,
    subject: User,
    via: str,
    synthesis: Synthesis | None = None,
    project: Project | None = None,
    actor: User | None = None,
    link: ShareLink | None = None,
    format: str = Opening.Format.PAGE,
    path: str = "",
) -> Opening:
    """Somebody other than the person opened their project or synthesis: kept for the person to see. A staff
    member's opening also goes to the privacy access log."""
    opening = Opening.objects.create(
        subject=subject,
        synthesis=synthesis,
        project=project,
        via=via,
        actor=actor,
        link=link,
        format=format,
        at=timezone.now(),
    )
    if actor is not None:
        label = AccessLabel.PROJECT if project is not None else AccessLabel.SYNTHESIS
        access.record(actor=actor, subject=subject, label=label, path=path)
    return opening


# --- the synthesis -----------------------------------------------------------------------------------------------


def _require_coach(enrolment: Enrolment, actor: User) -> None:
    rule = access.decide(actor, enrolment)
    if rule is None or not rule.is_coach or not rule.content:
        raise ProjectsRefused("not_allowed")


def _require_person(enrolment: Enrolment, actor: User) -> None:
    if enrolment.beneficiary_id != actor.pk or not actor.is_beneficiary:
        raise ProjectsRefused("not_allowed")


def _decide(synthesis: Synthesis, actor_kind: workflow.Actor, action: str) -> str:
    decision = workflow.decide_synthesis(synthesis.state, actor_kind, action)
    if isinstance(decision, workflow.Refusal):
        raise ProjectsRefused(decision.code)
    return str(decision)


def _locked_synthesis(enrolment: Enrolment) -> Synthesis | None:
    return Synthesis.objects.select_for_update(of=("self",)).filter(enrolment=enrolment).first()


def _existing_synthesis(enrolment: Enrolment, refusal: str) -> Synthesis:
    """The bilan's synthesis, locked; without one yet, the refusal `refusal`."""
    synthesis = _locked_synthesis(enrolment)
    if synthesis is None:
        raise ProjectsRefused(refusal)
    return synthesis


@transaction.atomic
def save_synthesis(
    *, enrolment: Enrolment, actor: User, circumstances: str, skills: str, options: str, project: str
) -> SynthesisVersion:
    """The coach saves the synthesis: a new version, with the facts of the journey as they are now."""
    _require_coach(enrolment, actor)
    Enrolment.objects.select_for_update(of=("self",)).filter(pk=enrolment.pk).first()  # one writer per bilan
    synthesis = _locked_synthesis(enrolment) or Synthesis.objects.create(enrolment=enrolment)
    _decide(synthesis, workflow.Actor.COACH, workflow.SynthesisAction.SAVE)
    number = (synthesis.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    return SynthesisVersion.objects.create(
        synthesis=synthesis,
        number=number,
        circumstances=(circumstances or "").strip()[:8000],
        skills=(skills or "").strip()[:8000],
        options=(options or "").strip()[:8000],
        project=(project or "").strip()[:8000],
        facts=selectors.synthesis_facts(enrolment),
        written_by=actor,
        created_at=timezone.now(),
    )


@transaction.atomic
def send_synthesis(*, enrolment: Enrolment, actor: User) -> Synthesis:
    _require_coach(enrolment, actor)
    synthesis = _locked_synthesis(enrolment)
    if synthesis is None or not synthesis.versions.exists():
        raise ProjectsRefused("synthesis_empty")
    synthesis.state = _decide(synthesis, workflow.Actor.COACH, workflow.SynthesisAction.SEND)
    synthesis.sent_at = timezone.now()
    synthesis.save(update_fields=["state", "sent_at"])
    return synthesis


@transaction.atomic
def comment_synthesis(*, enrolment: Enrolment, actor: User, body: str) -> SynthesisComment:
    _require_person(enrolment, actor)
    synthesis = _existing_synthesis(enrolment, "synthesis_comment_state")
    _decide(synthesis, workflow.Actor.PERSON, workflow.SynthesisAction.COMMENT)
    version = synthesis.versions.order_by("-number").first()
    return SynthesisComment.objects.create(
        version=version, author=actor, body=_text(body, 4000), created_at=timezone.now()
    )


@transaction.atomic
def finalise_synthesis(*, enrolment: Enrolment, actor: User) -> Synthesis:
    """The coach makes the latest version final (the person had it to comment on)."""
    _require_coach(enrolment, actor)
    synthesis = _existing_synthesis(enrolment, "synthesis_finalise_state")
    synthesis.state = _decide(synthesis, workflow.Actor.COACH, workflow.SynthesisAction.FINALISE)
    version = synthesis.versions.order_by("-number").first()
    version.is_final = True
    version.save(update_fields=["is_final"])
    synthesis.finalised_at = timezone.now()
    synthesis.save(update_fields=["state", "finalised_at"])
    return synthesis


@transaction.atomic
def confirm_receipt(*, enrolment: Enrolment, actor: User) -> Synthesis:
    _require_person(enrolment, actor)
    synthesis = _existing_synthesis(enrolment, "synthesis_confirm_state")
    synthesis.state = _decide(synthesis, workflow.Actor.PERSON, workflow.SynthesisAction.CONFIRM)
    synthesis.received_at = timezone.now()
    synthesis.save(update_fields=["state", "received_at"])
    journeys.record_platform_event(
        enrolment=enrolment, event=journeys.PlatformEvent.SYNTHESIS_RECEIVED, at=synthesis.received_at
    )
    return synthesis


@transaction.atomic
def create_share_link(
    *, enrolment: Enrolment, actor: User, recipient: str, days: int, to_cep: bool = False
) -> tuple[ShareLink, str]:
    """The person shares their final synthesis with a named third party. The token is returned once: only its hash
    is stored. `to_cep`: the recipient is a conseil en évolution professionnelle operator, so the synthesis is kept
    three years after the end (R6313-7); the link is the evidence."""
    _require_person(enrolment, actor)
    synthesis = _locked_synthesis(enrolment)
    if synthesis is None or not workflow.synthesis_is_final(synthesis.state):
        raise ProjectsRefused("share_not_final")
    if days not in SHARE_DAYS:
        raise ProjectsRefused("share_days")
    token = tokens.new_token()
    now = timezone.now()
    link = ShareLink.objects.create(
        synthesis=synthesis,
        recipient=_text(recipient, 150),
        to_cep=bool(to_cep),
        token_hash=tokens.token_hash(token),
        created_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    logger.info("synthesis shared: synthesis=%s link=%s days=%s", synthesis.pk, link.pk, days)
    return link, token


@transaction.atomic
def revoke_share_link(*, enrolment: Enrolment, actor: User, link_id: int) -> ShareLink:
    _require_person(enrolment, actor)
    link = ShareLink.objects.select_for_update(of=("self",)).filter(pk=link_id, synthesis__enrolment=enrolment).first()
    if link is None:
        raise ProjectsRefused("not_allowed")
    if link.revoked_at is not None:
        raise ProjectsRefused("share_revoked")
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return link


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def choose_retention(*, enrolment: Enrolment, actor: User, months: int, agreed: bool = False) -> RetentionChoice:
    """Keep the bilan documents for follow-up (1 or 3 years after the end of the bilan, R6313-7), or not. Keeping
    needs the person's written agreement (`agreed`: they ticked the sentence, stored word for word and dated)."""
    _require_person(enrolment, actor)
    if months not in RETENTION_MONTHS:
        raise ProjectsRefused("retention_invalid")
    if months and not agreed:
        raise ProjectsRefused("retention_agreement")
    base = timezone.localdate(enrolment.completed_at) if enrolment.completed_at else timezone.localdate()
    keep_until, agreement = None, ""
    if months:
        keep_until = min(years_after(base, months // 12), years_after(base, RETENTION_YEARS))
        # The sentence as the person read it (their language), and the day it runs to.
        agreement = f"{_(RETENTION_AGREEMENT)} {_(RETENTION_AGREEMENT_HELP)} ({keep_until.isoformat()})"
    choice, _created = RetentionChoice.objects.update_or_create(
        enrolment=enrolment,
        defaults={"keep": bool(months), "keep_until": keep_until, "agreement": agreement, "chosen_at": timezone.now()},
    )
    return choice
