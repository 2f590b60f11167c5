"""Writes of the quality domain: offers, published results, complaints, referent and accommodation requests."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openbilan.accounts.models import Organisation, User
from openbilan.programmes.models import Programme
from openbilan.quality import rules, selectors
from openbilan.quality.errors import QualityRefused
from openbilan.quality.models import (
    AccommodationKind,
    AccommodationRequest,
    Complaint,
    ComplaintCategory,
    ComplaintState,
    ComplaintStatement,
    Offer,
    OperatorQuality,
    ResultsSnapshot,
)
from openbilan.reporting import figures
from openbilan.reporting import selectors as reporting
from openbilan.reporting.disclosure import hidden, suppress

OFFER_FIELDS = (
    "prerequisites",
    "objectives",
    "duration",
    "funded",
    "price_eur",
    "how_to_start",
    "accommodations",
    "contact_email",
    "contact_phone",
)


def _require_admin(actor: User, operator_id: int) -> None:
    if not selectors.admin_of(actor, operator_id):
        raise QualityRefused("not_allowed")


# --- Offers and results ----------------------------------------------------------------------------------------------


@transaction.atomic
def save_offer(*, programme: Programme, actor: User, **values) -> Offer:
    """Create or update the programme's offer (a published offer stays published, with its new text)."""
    _require_admin(actor, programme.operator_id)
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown offer fields: {sorted(unknown)}")
    if not values.get("funded", True) and values.get("price_eur") is None:
        raise QualityRefused("price_missing")
    if values.get("funded", True):
        values["price_eur"] = None
    offer, _created = Offer.objects.update_or_create(programme=programme, defaults=values)
    return offer


@transaction.atomic
def set_offer_published(*, programme: Programme, actor: User, published: bool) -> Offer:
    _require_admin(actor, programme.operator_id)
    offer = Offer.objects.select_for_update().filter(programme=programme).first()
    if offer is None or not (offer.objectives and offer.duration and offer.how_to_start):
        raise QualityRefused("offer_incomplete")
    if offer.published != published:
        offer.published = published
        offer.published_at = timezone.now() if published else offer.published_at
        offer.save(update_fields=["published", "published_at", "updated_at"])
    return offer


def results_figures(programme: Programme, *, today: datetime.date) -> dict:
    """The figures a snapshot publishes, computed now from the live data by the reporting code (its suppression
    included): completion over everyone enrolled, and satisfaction at the end of the bilan over those who answered."""
    minimum = reporting.minimum_cell()
    data = reporting.report_data(programme, today=today, dimensions=(), over_time=False)
    report = figures.build_report(data, minimum=minimum, today=today)
    hot = report["satisfaction"]["hot"]
    answered = hot["satisfaction"]["answered"] if not hot["withheld"] else None
    answered = suppress(answered, minimum) if isinstance(answered, int) else hidden(minimum)
    return rules.results_from_report(report, answered)


@transaction.atomic
def publish_results(*, programme: Programme, actor: User | None, today: datetime.date | None = None):
    """Publish a dated snapshot of the programme's results. Snapshots are never edited: publish a new one."""
    if actor is not None:
        _require_admin(actor, programme.operator_id)
    today = today or timezone.localdate()
    return ResultsSnapshot.objects.create(
        programme=programme, as_of=today, figures=results_figures(programme, today=today), published_by=actor
    )


# --- Operator settings -----------------------------------------------------------------------------------------------


@transaction.atomic
def save_operator_quality(
    *,
    operator: Organisation,
    actor: User,
    referent_name: str,
    referent_email: str,
    referent_phone: str,
    acknowledge_days: int,
    answer_days: int,
) -> OperatorQuality:
    _require_admin(actor, operator.pk)
    if answer_days < acknowledge_days:
        raise QualityRefused("deadlines_order")
    settings_row, _created = OperatorQuality.objects.update_or_create(
        operator=operator,
        defaults={
            "referent_name": referent_name,
            "referent_email": referent_email,
            "referent_phone": referent_phone,
            "acknowledge_days": acknowledge_days,
            "answer_days": answer_days,
        },
    )
    return settings_row


# --- Complaints ------------------------------------------------------------------------------------------------------


@transaction.atomic
def file_complaint(
    *,
    programme: Programme,
    body: str,
    email: str = "",
    name: str = "",
    person: User | None = None,
    now: datetime.datetime | None = None,
) -> Complaint:
    """Anyone files a complaint about a programme: a signed-in person (their account gives the e-mail) or a visitor
    who leaves an e-mail address. The deadlines come from the operator's settings on the day it is received."""
    now = now or timezone.now()
    if person is not None and person.is_authenticated:
        email = person.email
        name = name or person.get_full_name()
    else:
        person = None
    quality = selectors.operator_quality(programme.operator)
    acknowledge_by, answer_by = rules.deadlines(timezone.localdate(now), quality.acknowledge_days, quality.answer_days)
    complaint = Complaint.objects.create(
        operator=programme.operator,
        programme=programme,
        received_at=now,
        acknowledge_by=acknowledge_by,
        answer_by=answer_by,
    )
    ComplaintStatement.objects.create(complaint=complaint, person=person, name=name, email=email, body=body)
    return complaint


STATE_DATES = {
    ComplaintState.ANALYSED: "analysed_at",
    ComplaintState.ANSWERED: "answered_at",
    ComplaintState.CLOSED: "closed_at",
}


@transaction.atomic
def move_complaint(
    *,
    complaint: Complaint,
    actor: User,
    target: str,
    category: str = "",
    answer: str = "",
    improvement: str = "",
    now: datetime.datetime | None = None,
) -> Complaint:
    """Move a complaint to its next state (received -> analysed -> answered -> closed), with what that step needs:
    the answer sent to the person to mark it answered, the improvement action to close it."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_admin(actor, complaint.operator_id)
    if target not in ComplaintState.values or not rules.can_move(complaint.state, target):
        labels = dict(ComplaintState.choices)
        raise QualityRefused(
            "illegal_transition",
            current=str(labels[complaint.state]),
            target=str(labels.get(target, "?")),
        )
    if category and category not in ComplaintCategory.values:
        raise QualityRefused("not_allowed")
    answer, improvement = answer.strip(), improvement.strip()
    # The statement is gone when the person was erased: the register line moves on without it.
    statement = ComplaintStatement.objects.filter(complaint=complaint).first()
    if target == ComplaintState.ANSWERED and statement is not None and not (answer or statement.answer):
        raise QualityRefused("answer_missing")
    if target == ComplaintState.CLOSED and not (improvement or complaint.improvement):
        raise QualityRefused("improvement_missing")
    if answer and statement is not None:
        statement.answer = answer
        statement.save(update_fields=["answer"])
    complaint.state = target
    setattr(complaint, STATE_DATES[target], now or timezone.now())
    complaint.category = category or complaint.category
    complaint.improvement = improvement or complaint.improvement
    complaint.handled_by = actor
    complaint.save()
    return complaint


# --- Accommodations --------------------------------------------------------------------------------------------------


@transaction.atomic
def record_accommodation(
    *, person: User, kinds: list[str], details: str, consent: bool, now: datetime.datetime | None = None
) -> AccommodationRequest:
    """Record a need, only with the person's explicit consent to share it with the referent and their coach."""
    if not consent:
        raise QualityRefused("consent_missing")
    kinds = list(dict.fromkeys(kinds))
    if any(kind not in AccommodationKind.values for kind in kinds):
        raise QualityRefused("unknown_kind")
    details = details.strip()
    if not kinds and not details:
        raise QualityRefused("need_missing")
    return AccommodationRequest.objects.create(
        person=person, kinds=kinds, details=details, consented_at=now or timezone.now()
    )


@transaction.atomic
def withdraw_accommodation(*, person: User, request_id: int) -> bool:
    """The person withdraws a request: it is deleted. Nobody else can withdraw it."""
    deleted, _by_model = AccommodationRequest.objects.filter(pk=request_id, person=person).delete()
    return bool(deleted)


STATEMENT_KEEP_DAYS = 3 * 365  # a Qualiopi certification cycle: the auditor may ask for the complaint and its answer


@transaction.atomic
def purge_closed_statements(*, now: datetime.datetime | None = None) -> int:
    """Retention: the personal part of a complaint closed more than three years ago is deleted (run nightly by
    privacy.erasure.purge_expired). The register line (dates, state, improvement action) stays."""
    now = now or timezone.now()
    days = getattr(settings, "OPENBILAN_COMPLAINT_STATEMENT_DAYS", STATEMENT_KEEP_DAYS)
    limit = now - datetime.timedelta(days=days)
    deleted, _by_model = ComplaintStatement.objects.filter(
        complaint__state=ComplaintState.CLOSED, complaint__closed_at__lt=limit
    ).delete()
    return deleted
