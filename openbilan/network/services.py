"""Every write of the network domain: invitations and sign-ups of professionals, meeting requests (rate-limited),
answers, the short thread, the date, the debrief and the feedback."""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from openbilan import tokens
from openbilan.accounts import services as accounts
from openbilan.accounts.models import Organisation, Role, User
from openbilan.journeys import services as journeys
from openbilan.network import limits, links, selectors, tasks
from openbilan.network.errors import NetworkRefused
from openbilan.network.models import (
    ContactMode,
    Invitation,
    Meeting,
    MeetingMessage,
    ProfessionalOccupation,
    ProfessionalProfile,
    Region,
)
from openbilan.privacy import throttle
from openbilan.referential.models import Occupation

logger = logging.getLogger(__name__)

INVITATION_DAYS = links.INVITATION_DAYS
ROME_CODE = re.compile(r"^[A-N]\d{4}$")


# --- occupations of a profile ----------------------------------------------------------------------------------------


def parse_codes(raw: str | Iterable[str]) -> list[str]:
    """ROME codes from a text ("K2111, j1501") or a list; unknown or inactive codes are refused together."""
    items = re.split(r"[\s,;]+", raw) if isinstance(raw, str) else list(raw)
    codes = list(dict.fromkeys(item.strip().upper() for item in items if item and item.strip()))
    if not codes:
        raise NetworkRefused("no_occupation")
    known = set(Occupation.objects.filter(code_rome__in=codes, is_active=True).values_list("code_rome", flat=True))
    unknown = [code for code in codes if code not in known or not ROME_CODE.match(code)]
    if unknown:
        raise NetworkRefused("unknown_codes", codes=", ".join(unknown[:10]))
    return codes


def _set_occupations(profile: ProfessionalProfile, codes: list[str]) -> None:
    wanted = dict(Occupation.objects.filter(code_rome__in=codes).values_list("code_rome", "pk"))
    ProfessionalOccupation.objects.filter(profile=profile).exclude(occupation_id__in=wanted.values()).delete()
    have = set(ProfessionalOccupation.objects.filter(profile=profile).values_list("occupation_id", flat=True))
    ProfessionalOccupation.objects.bulk_create(
        ProfessionalOccupation(profile=profile, occupation_id=pk) for pk in wanted.values() if pk not in have
    )


def _profile_values(headline: str, employer: str, region: str, availability: str, contact_mode: str) -> dict[str, str]:
    """The fields a professional fills in, checked and stripped: the same for an invitation, a sign-up and an edit."""
    if region not in Region.values or contact_mode not in ContactMode.values:
        raise NetworkRefused("not_allowed")
    return {
        "headline": headline.strip(),
        "employer": employer.strip(),
        "region": region,
        "availability": availability.strip(),
        "contact_mode": contact_mode,
    }


# --- joining the network -------------------------------------------------------------------------------------------


def _require_admin(actor: User, operator: Organisation) -> None:
    if not selectors.admin_operators(actor).filter(pk=operator.pk).exists():
        raise NetworkRefused("not_allowed")


@transaction.atomic
def invite(*, operator: Organisation, email: str, invited_by: User) -> tuple[Invitation, str]:
    """An operator admin invites a professional. Only the hash of the link's token is kept; the worker that sends
    the e-mail mints the token again from the invitation (network/links.py), so the task table holds its id only."""
    _require_admin(invited_by, operator)
    throttle.attempt("invitation", f"user:{invited_by.pk}")
    invitation = Invitation.objects.create(
        operator=operator,
        email=email.strip().lower(),
        token_hash=tokens.token_hash(tokens.new_token()),  # a placeholder until the id is known
        invited_by=invited_by,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    token = links.invitation_token(invitation)
    invitation.token_hash = tokens.token_hash(token)
    invitation.save(update_fields=["token_hash"])
    invitation_id = invitation.pk
    transaction.on_commit(lambda: tasks.send_invitation.enqueue(invitation_id))
    logger.info("professional invited: operator=%s by=%s", operator.pk, invited_by.pk)
    return invitation, token


def invitation_for(token: str) -> Invitation | None:
    """The invitation of a link still valid (unknown, used or expired: None)."""
    invitation = Invitation.objects.filter(token_hash=tokens.token_hash(token)).select_related("operator").first()
    if invitation is None or invitation.accepted_at or invitation.expires_at <= timezone.now():
        return None
    return invitation


def _new_user(*, email: str, first_name: str, last_name: str, password: str) -> User:
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise NetworkRefused("email_taken")
    return accounts.upsert_user(
        email=email.strip().lower(), first_name=first_name.strip(), last_name=last_name.strip(), password=password
    )


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    first_name: str,
    last_name: str,
    password: str,
    headline: str,
    region: str,
    codes: list[str],
    employer: str = "",
    availability: str = "",
    contact_mode: str = ContactMode.ANY,
) -> ProfessionalProfile:
    """The invited professional creates their account: approved at once (the operator invited them)."""
    invitation = invitation_for(token)
    if invitation is None:
        raise NetworkRefused("invitation_invalid")
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.accepted_at:
        raise NetworkRefused("invitation_invalid")
    values = _profile_values(headline, employer, region, availability, contact_mode)
    codes = parse_codes(codes)
    user = _new_user(email=invitation.email, first_name=first_name, last_name=last_name, password=password)
    now = timezone.now()
    profile = ProfessionalProfile.objects.create(
        user=user,
        operator=invitation.operator,
        **values,
        state=ProfessionalProfile.State.APPROVED,
        source=ProfessionalProfile.Source.INVITATION,
        decided_by=invitation.invited_by,
        decided_at=now,
    )
    _set_occupations(profile, codes)
    accounts.grant_role(user=user, organisation=invitation.operator, role=Role.PROFESSIONAL)
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return profile


@transaction.atomic
def sign_up(
    *,
    operator: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    headline: str,
    region: str,
    codes: list[str],
    employer: str = "",
    availability: str = "",
    contact_mode: str = ContactMode.ANY,
    motivation: str = "",
) -> ProfessionalProfile | None:
    """A professional signs up: their account exists but holds no role until an admin of the operator approves.

    An address that already has an account changes nothing and gets the same answer as a new one (None instead of
    the profile, which the page does not show): its owner is told by e-mail. So the public form never says whether
    someone has an account, nor, therefore, whether they are in a bilan."""
    if operator.kind != Organisation.Kind.OPERATOR:
        raise NetworkRefused("not_operator")
    values = _profile_values(headline, employer, region, availability, contact_mode)
    codes = parse_codes(codes)
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is not None:
        _tell_existing_account(user=existing, operator=operator, password=password)
        return None
    user = _new_user(email=email, first_name=first_name, last_name=last_name, password=password)
    profile = ProfessionalProfile.objects.create(
        user=user,
        operator=operator,
        **values,
        motivation=motivation.strip(),
        state=ProfessionalProfile.State.PENDING,
        source=ProfessionalProfile.Source.SIGNUP,
    )
    _set_occupations(profile, codes)
    logger.info("professional signed up: operator=%s profile=%s", operator.pk, profile.pk)
    return profile


def _tell_existing_account(*, user: User, operator: Organisation, password: str) -> None:
    make_password(password)  # as long as creating an account takes: the delay of the answer tells nothing either
    logger.info("professional sign-up with an existing address: operator=%s", operator.pk)
    if not user.is_active:
        return
    try:  # one such e-mail a day per account, however many sign-ups name it
        throttle.attempt("signup_notice", f"user:{user.pk}")
    except throttle.Throttled:
        return
    user_id, operator_id = user.pk, operator.pk
    transaction.on_commit(lambda: tasks.send_existing_account_notice.enqueue(user_id, operator_id))


@transaction.atomic
def decide_signup(*, profile: ProfessionalProfile, actor: User, approve: bool) -> ProfessionalProfile:
    """An admin of the operator approves (the role is granted) or refuses a sign-up."""
    profile = (
        ProfessionalProfile.objects.select_for_update(of=("self",))
        .select_related("user", "operator")
        .get(pk=profile.pk)
    )
    _require_admin(actor, profile.operator)
    if profile.state != ProfessionalProfile.State.PENDING:
        raise NetworkRefused("not_pending")
    profile.state = ProfessionalProfile.State.APPROVED if approve else ProfessionalProfile.State.REFUSED
    profile.decided_by, profile.decided_at = actor, timezone.now()
    profile.save(update_fields=["state", "decided_by", "decided_at"])
    if approve:
        accounts.grant_role(user=profile.user, organisation=profile.operator, role=Role.PROFESSIONAL)
        profile_id = profile.pk
        transaction.on_commit(lambda: tasks.send_signup_approved.enqueue(profile_id))
    return profile


@transaction.atomic
def update_profile(
    *,
    profile: ProfessionalProfile,
    actor: User,
    headline: str,
    region: str,
    codes: list[str],
    employer: str = "",
    availability: str = "",
    contact_mode: str = ContactMode.ANY,
    paused: bool = False,
) -> ProfessionalProfile:
    if profile.user_id != actor.pk or not selectors.is_professional(actor):
        raise NetworkRefused("not_allowed")
    if profile.state not in (ProfessionalProfile.State.APPROVED, ProfessionalProfile.State.PAUSED):
        raise NetworkRefused("not_allowed")
    values = _profile_values(headline, employer, region, availability, contact_mode)
    codes = parse_codes(codes)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.state = ProfessionalProfile.State.PAUSED if paused else ProfessionalProfile.State.APPROVED
    profile.save()
    _set_occupations(profile, codes)
    return profile


# --- meetings ------------------------------------------------------------------------------------------------------


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("beneficiary", "professional__user", "occupation")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def request_meeting(
    *, beneficiary: User, professional: ProfessionalProfile, code_rome: str, request: str, now=None, notify=True
) -> Meeting:
    """A person asks a professional for a meeting about one of their occupations, within the limits."""
    now = now or timezone.now()
    if not selectors.can_search(beneficiary):
        raise NetworkRefused("not_enrolled")
    # Lock the professional's row: two people asking at once cannot both pass the pending limit.
    professional = (
        ProfessionalProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=professional.pk)
    )
    if not selectors.operators_of_beneficiary(beneficiary).filter(pk=professional.operator_id).exists():
        raise NetworkRefused("not_in_network")
    if professional.state != ProfessionalProfile.State.APPROVED:
        raise NetworkRefused("not_available")
    occupation = professional.occupations.filter(code_rome=str(code_rome).upper()).first()
    if occupation is None:
        raise NetworkRefused("wrong_occupation")
    request = (request or "").strip()
    if not request:
        raise NetworkRefused("request_missing")
    counts = limits.RequestCounts(
        sent_last_day=selectors.sent_last_day(beneficiary, now),
        pending_for_professional=selectors.pending_count(professional),
        open_with_professional=selectors.has_open_meeting(beneficiary, professional),
    )
    refused = limits.refusal(counts)
    if refused is not None:
        code, limit = refused
        raise NetworkRefused(code, limit=limit)
    meeting = Meeting.objects.create(
        beneficiary=beneficiary, professional=professional, occupation=occupation, request=request, created_at=now
    )
    logger.info("meeting requested: meeting=%s", meeting.pk)
    if not notify:
        return meeting
    meeting_id = meeting.pk
    transaction.on_commit(lambda: tasks.send_meeting_email.enqueue(meeting_id, "request"))
    return meeting


def _require_professional(meeting: Meeting, actor: User) -> None:
    professional = meeting.professional
    if professional is None or professional.user_id != actor.pk or not selectors.is_professional(actor):
        raise NetworkRefused("not_allowed")


def _require_beneficiary(meeting: Meeting, actor: User) -> None:
    if meeting.beneficiary_id != actor.pk or not actor.is_beneficiary:
        raise NetworkRefused("not_allowed")


def _require_party(meeting: Meeting, actor: User) -> None:
    if actor.pk == meeting.beneficiary_id:
        _require_beneficiary(meeting, actor)
    else:
        _require_professional(meeting, actor)


@transaction.atomic
def answer(*, meeting: Meeting, actor: User, accept: bool, reason: str = "", notify: bool = True) -> Meeting:
    meeting = _locked(meeting)
    _require_professional(meeting, actor)
    if meeting.state != Meeting.State.REQUESTED:
        raise NetworkRefused("not_requested")
    meeting.state = Meeting.State.ACCEPTED if accept else Meeting.State.DECLINED
    meeting.answered_at = timezone.now()
    meeting.decline_reason = "" if accept else reason.strip()[:300]
    meeting.save(update_fields=["state", "answered_at", "decline_reason"])
    if not notify:
        return meeting
    meeting_id = meeting.pk
    transaction.on_commit(lambda: tasks.send_meeting_email.enqueue(meeting_id, "answer"))
    return meeting


@transaction.atomic
def cancel(*, meeting: Meeting, actor: User) -> Meeting:
    meeting = _locked(meeting)
    _require_beneficiary(meeting, actor)
    if meeting.state not in selectors.OPEN_STATES:
        raise NetworkRefused("closed")
    meeting.state = Meeting.State.CANCELLED
    meeting.save(update_fields=["state"])
    return meeting


@transaction.atomic
def post_message(*, meeting: Meeting, author: User, body: str) -> MeetingMessage:
    meeting = _locked(meeting)
    _require_party(meeting, author)
    if meeting.state != Meeting.State.ACCEPTED:
        raise NetworkRefused("not_accepted" if meeting.state == Meeting.State.REQUESTED else "closed")
    body = (body or "").strip()
    if not body:
        raise NetworkRefused("message_missing")
    if meeting.messages.count() >= limits.MESSAGES_PER_MEETING:
        raise NetworkRefused("too_many_messages", limit=limits.MESSAGES_PER_MEETING)
    return MeetingMessage.objects.create(meeting=meeting, author=author, body=body[:1000], created_at=timezone.now())


@transaction.atomic
def schedule(*, meeting: Meeting, actor: User, scheduled_at: datetime.datetime, place: str) -> Meeting:
    """Either party sets (or moves) the date and the place of an accepted meeting."""
    meeting = _locked(meeting)
    _require_party(meeting, actor)
    if meeting.state != Meeting.State.ACCEPTED:
        raise NetworkRefused("not_accepted" if meeting.state == Meeting.State.REQUESTED else "closed")
    if scheduled_at <= timezone.now():
        raise NetworkRefused("slot_past")
    place = (place or "").strip()
    if not place:
        raise NetworkRefused("place_missing")
    meeting.scheduled_at, meeting.place = scheduled_at, place[:300]
    meeting.save(update_fields=["scheduled_at", "place"])
    return meeting


@transaction.atomic
def debrief(*, meeting: Meeting, actor: User, held_on: datetime.date, text: str, outcome: str) -> Meeting:
    """The person says the meeting took place and what they learned: it becomes field evidence for their project.
    They may correct their debrief later."""
    meeting = _locked(meeting)
    _require_beneficiary(meeting, actor)
    if meeting.state not in (Meeting.State.ACCEPTED, Meeting.State.DONE):
        raise NetworkRefused("not_accepted" if meeting.state == Meeting.State.REQUESTED else "closed")
    if held_on > timezone.localdate():
        raise NetworkRefused("held_future")
    if held_on < timezone.localdate(meeting.created_at):
        raise NetworkRefused("held_before_request")
    text = (text or "").strip()
    if not text:
        raise NetworkRefused("debrief_missing")
    if outcome not in Meeting.Outcome.values:
        raise NetworkRefused("outcome_missing")
    first_debrief = meeting.state != Meeting.State.DONE
    meeting.state, meeting.held_on, meeting.debrief, meeting.outcome = Meeting.State.DONE, held_on, text, outcome
    meeting.debriefed_at = timezone.now()
    meeting.save(update_fields=["state", "held_on", "debrief", "outcome", "debriefed_at"])
    if first_debrief:  # a corrected debrief is the same meeting: it ticks nothing more
        journeys.record_platform_event_for_person(
            person=meeting.beneficiary, event=journeys.PlatformEvent.MEETING_HELD, at=meeting.debriefed_at
        )
    return meeting


@transaction.atomic
def leave_feedback(*, meeting: Meeting, actor: User, text: str) -> Meeting:
    meeting = _locked(meeting)
    _require_professional(meeting, actor)
    if meeting.state != Meeting.State.DONE:
        raise NetworkRefused("feedback_before_done")
    text = (text or "").strip()
    if not text:
        raise NetworkRefused("feedback_missing")
    meeting.feedback, meeting.feedback_at = text[:1000], timezone.now()
    meeting.save(update_fields=["feedback", "feedback_at"])
    return meeting
