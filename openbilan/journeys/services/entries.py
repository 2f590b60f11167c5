"""The person's entries (autosaved, with optimistic concurrency) and their e-mail preference."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from openbilan.accounts.models import User
from openbilan.enrolments.machine import Actor
from openbilan.enrolments.models import EnrolmentStatus
from openbilan.enrolments.services import actor_of
from openbilan.journeys.errors import NotAllowed, StaleVersion
from openbilan.journeys.models import (
    Activity,
    EmailPreference,
    Entry,
    Journey,
    NeedsAnalysis,
    SelfAssessment,
    Tool,
)
from openbilan.journeys.services.activities import _complete_tool, _require_active_person, _start_tool, require_open
from openbilan.journeys.services.lifecycle import _touch

# --- The person's entries (autosaved, with optimistic concurrency) ------------------------------------------------

TOOL_OF_MODEL = {
    "NeedsAnalysis": Tool.NEEDS_ANALYSIS,
    "TimelineEntry": Tool.LIFE_TIMELINE,
    "DriverEntry": Tool.DRIVERS,
    "BeliefEntry": Tool.BELIEFS,
    "Aspirations": Tool.ASPIRATIONS,
}


def _require_writer(journey: Journey, model: type[Entry], actor: User) -> None:
    who = actor_of(journey.enrolment, actor)
    may_write = who is Actor.PERSON or (model is NeedsAnalysis and who is Actor.COACH)
    if not may_write:
        raise NotAllowed()
    if journey.enrolment.status != EnrolmentStatus.ACTIVE:
        raise NotAllowed(
            translation.gettext("Ce bilan n'est pas en cours : ses textes peuvent être lus, pas modifiés.")
        )
    tool = TOOL_OF_MODEL[model.__name__]
    activity = (
        Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True)
        .select_related("module__phase")
        .order_by("module__phase__order")
        .first()
    )
    if activity is None:
        raise NotAllowed()
    require_open(journey, activity)


@transaction.atomic
def save_entry(
    *,
    journey: Journey,
    model: type[Entry],
    version: int,
    values: dict,
    actor: User,
    pk: int | None = None,
    key: dict | None = None,
) -> Entry:
    """Save one entry if `version` is the stored one (0: the entry does not exist yet). A stale version raises
    StaleVersion with the newer entry, so a second tab can never silently overwrite newer text."""
    _require_writer(journey, model, actor)
    where = {"journey": journey, **({"pk": pk} if pk is not None else key or {})}
    if model is NeedsAnalysis:
        current = model.objects.filter(**where).first()
        if current is not None and current.confirmed_at is not None:
            raise NotAllowed(
                translation.gettext(
                    "L'analyse des besoins a été confirmée par votre consultant·e : elle ne change plus."
                )
            )
        values = {**values, "recorded_by": actor}
    now = timezone.now()
    if version == 0:
        if pk is not None or model.objects.filter(**where).exists():
            raise StaleVersion(model.objects.filter(**where).first())
        try:
            with transaction.atomic():
                entry = model.objects.create(**where, **values, version=1)
        except IntegrityError:
            raise StaleVersion(model.objects.filter(**where).first()) from None
    else:
        updated = model.objects.filter(**where, version=version).update(
            **values, version=F("version") + 1, updated_at=now
        )
        if not updated:
            current = model.objects.filter(**where).first()
            if current is None:
                raise NotAllowed(translation.gettext("Cette entrée n'existe plus : elle a été supprimée."))
            raise StaleVersion(current)
        entry = model.objects.get(**where)
    if actor.pk == journey.enrolment.beneficiary_id:
        _touch(journey, now)
        _start_tool(journey, TOOL_OF_MODEL[model.__name__], actor)
    return entry


@transaction.atomic
def add_entry(*, journey: Journey, model: type[Entry], actor: User, **values) -> Entry:
    """A new, empty entry in a list (ligne de vie, croyances), ready to be written."""
    _require_writer(journey, model, actor)
    entry = model.objects.create(journey=journey, **values)
    _touch(journey)
    _start_tool(journey, TOOL_OF_MODEL[model.__name__], actor)
    return entry


@transaction.atomic
def delete_entry(*, journey: Journey, model: type[Entry], pk: int, actor: User) -> None:
    _require_writer(journey, model, actor)
    deleted, _ = model.objects.filter(journey=journey, pk=pk).delete()
    if not deleted:
        raise NotAllowed(translation.gettext("Cette entrée n'existe plus : elle a été supprimée."))
    _touch(journey)


@transaction.atomic
def save_self_assessment(*, journey: Journey, moment: str, project: int, confidence: int, actor: User):
    """The two 0-10 answers at the start or at the end. Answering again replaces the answer of that moment."""
    _require_active_person(journey, actor)
    tool = Tool.SELF_ASSESSMENT_ENTRY if moment == SelfAssessment.Moment.ENTRY else Tool.SELF_ASSESSMENT_END
    activity = (
        Activity.objects.filter(template=journey.template_id, tool=tool, is_active=True)
        .select_related("module__phase")
        .first()
    )
    if activity is None:
        raise NotAllowed()
    require_open(journey, activity)
    if not (0 <= project <= 10 and 0 <= confidence <= 10):
        raise NotAllowed(translation.gettext("Choisissez une note entre 0 et 10."))
    now = timezone.now()
    answer, _ = SelfAssessment.objects.update_or_create(
        journey=journey, moment=moment, defaults={"project": project, "confidence": confidence, "answered_at": now}
    )
    _complete_tool(journey, tool, actor)
    _touch(journey, now)
    return answer


@transaction.atomic
def set_email_preference(*, user: User, reminders: bool) -> EmailPreference:
    preference, _ = EmailPreference.objects.update_or_create(user=user, defaults={"reminders": reminders})
    return preference
