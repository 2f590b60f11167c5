"""Erasure (GDPR art. 17) and retention (R6313-7) share this one code path.

- `erase_person`: on the person's request, immediate. Every bilan document is deleted, free text in the rows the
  programme needs for its anonymised statistics is blanked, and the account loses its identity.
- `purge_expired`: run nightly (task queue or `manage.py purge_expired`). R6313-7 (in force since 31 December
  2023): the documents made for the bilan are destroyed as soon as the action ends, so the first nightly run after
  the day a person's bilans have all ended deletes them. For three years after the end it does not apply to
  (1) the synthesis the person sent, at their request, to a conseil en évolution professionnelle operator: the
  evidence is the share link they made "for a CEP" (projects.ShareLink.to_cep); that final synthesis, that link
  and its openings are kept, everything else goes; (2) documents the person agreed in writing to keep because
  their situation needs a follow-up: the evidence is their dated agreement, word for word
  (projects.RetentionChoice.agreement) or their dated consent in the ledger (privacy.Consent, keep_documents);
  everything is kept until the day agreed, three years after the end at most.

The rows the programme report counts (enrolment, outcomes, evaluations, surveys, journey state, transitions,
interviews, time) are kept, so the report is unchanged. Each purge writes a PurgeRecord with counts only.

Which rows belong to a person is found by introspection (every foreign key to the user, to their enrolments and to
their journeys), so a model added later by a domain is covered without editing this file."""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from openbilan.accounts.models import ChangeProposal, Membership, User
from openbilan.domains import domain_modules
from openbilan.privacy import security_log, throttle
from openbilan.privacy.models import AccessLog, Consent, PurgeRecord
from openbilan.programmes.models import Enrolment, EnrolmentStatus

# Days after the end of the action before its documents are destroyed. R6313-7 says "dès le terme de l'action":
# 0, the first nightly run after the last day. Kept as a setting for tests only; docs/OPERATIONS.md says so.
GRACE_DAYS = getattr(settings, "OPENBILAN_PURGE_GRACE_DAYS", 0)
EXCEPTION_YEARS = 3  # R6313-7: the CEP synthesis and the documents kept for a follow-up, three years

# Rows the programme's anonymised statistics need: kept, their free text blanked.
STATISTICS = {
    "programmes.enrolment",
    "programmes.outcome",
    "programmes.evaluation",
    "programmes.survey",
    "programmes.referral",
    "journeys.journey",
    "journeys.transition",
    "journeys.reminderlog",
    "journeys.interview",
    "journeys.activityprogress",
    "coaching.timeentry",
}
# Identity rows blanked only on erasure (the retention purge keeps the person's account and enrolment details).
IDENTITY = {"programmes.enrolment", "programmes.referral"}
# Never touched by the sweep: the privacy ledgers (handled explicitly) and the account itself.
SKIPPED_APPS = {"privacy", "accounts"}
TEXT_FIELDS = (models.CharField, models.TextField)
PERSONAL_DATES = {"programmes.enrolment": ("birth_date", "job_seeker_since"), "programmes.referral": ("birth_date",)}


def subject_ref(person_id: int) -> str:
    """An irreversible reference for the purge record (keyed by SECRET_KEY): proves a purge, names nobody."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:purge:{person_id}".encode()).hexdigest()[:32]


def _label(model) -> str:
    return model._meta.label_lower


def _targets(field, user_model, enrolment_ids, journey_ids, person) -> Q | None:
    target = field.related_model
    if target is user_model and field.remote_field.on_delete is models.CASCADE:
        return Q(**{field.name: person})
    if target is Enrolment and enrolment_ids:
        return Q(**{f"{field.name}__in": enrolment_ids})
    if _label(target) == "journeys.journey" and journey_ids:
        return Q(**{f"{field.name}__in": journey_ids})
    return None


def _rows_of(person: User, enrolment_ids: list[int]) -> list[tuple[type[models.Model], Q]]:
    """Every (model, filter) holding rows of this person or of these enrolments, found by introspection."""
    user_model = get_user_model()
    journey_model = apps.get_model("journeys", "Journey")
    journey_ids = list(journey_model.objects.filter(enrolment_id__in=enrolment_ids).values_list("pk", flat=True))
    found = []
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS or not model.__module__.startswith("openbilan."):
            continue
        condition = Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                q = _targets(field, user_model, enrolment_ids, journey_ids, person)
                if q is not None:
                    condition |= q
        if _label(model) == "programmes.enrolment":
            condition = Q(pk__in=enrolment_ids)
        if _label(model) == "programmes.referral" and person.email:
            condition |= Q(email__iexact=person.email) | Q(duplicate_of=person)
        if condition:
            found.append((model, condition))
    return found


def _blank_values(model, *, identity: bool) -> dict:
    values = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, TEXT_FIELDS) and not field.choices and not field.primary_key and not field.unique:
            values[field.name] = ""
        elif isinstance(field, models.JSONField):
            values[field.name] = None if field.null else field.get_default()
    if identity:
        for name in PERSONAL_DATES.get(_label(model), ()):
            values[name] = None
    return values


def _purge_rows(person: User, enrolment_ids: list[int], *, identity: bool, kept: dict | None = None) -> Counter:
    counts: Counter = Counter()
    for model, condition in _rows_of(person, enrolment_ids):
        label = _label(model)
        rows = model._default_manager.filter(condition)
        if kept and label in kept:
            rows = rows.exclude(kept[label])
        if label in STATISTICS:
            if label in IDENTITY and not identity:
                continue
            blank = _blank_values(model, identity=identity)
            pending = Q()
            for name, value in blank.items():
                pending |= Q(**{f"{name}__isnull": False}) if value is None else ~Q(**{name: value})
            changed = rows.filter(pending).update(**blank) if blank else 0
            if changed:
                counts[f"{label}:anonymised"] += changed
        else:
            for instance in rows.iterator() if _has_files(model) else ():
                _delete_files(instance)
            _deleted, per_model = rows.delete()
            for name, n in per_model.items():
                if n:
                    counts[name.lower()] += n
    return counts


def _has_files(model) -> bool:
    return any(isinstance(f, models.FileField) for f in model._meta.concrete_fields)


def _delete_files(instance) -> None:
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.name)
            if stored:
                stored.delete(save=False)


def _erase_identity(person: User, ref: str) -> Counter:
    counts: Counter = Counter()
    counts["privacy.consent"] = Consent.objects.filter(person=person).count()
    Consent.objects.filter(person=person).delete()
    counts["privacy.accesslog"] = AccessLog.objects.filter(subject=person).count()
    AccessLog.objects.filter(subject=person).delete()
    _erase_traces(person)
    counts["accounts.changeproposal"] = ChangeProposal.objects.filter(user=person).delete()[0]
    Membership.objects.filter(user=person).update(is_active=False)
    person.email = f"efface-{ref[:20]}@invalid.invalid"
    person.first_name = ""
    person.last_name = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()
    counts["accounts.user:anonymised"] = 1
    return counts


def _erase_traces(person: User) -> None:
    """Third-party tables that copy an identifier: login attempts (axes) and the technical admin's history."""
    if apps.is_installed("axes"):
        for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
            try:
                model = apps.get_model("axes", name)
            except LookupError:
                continue
            model.objects.filter(username__iexact=person.email).delete()
    if apps.is_installed("django.contrib.admin"):
        from django.contrib.admin.models import LogEntry
        from django.contrib.contenttypes.models import ContentType

        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(person), object_id=str(person.pk)
        ).update(object_repr="—", change_message="")


def _cep_kept(person: User) -> tuple[dict, Counter]:
    """What the CEP exception keeps: the final synthesis sent to a CEP operator, the CEP links (the evidence) and
    their openings. Returns the sweep's exclusions, and deletes the rest of those syntheses (drafts, comments,
    other links) so that only what was communicated stays."""
    from openbilan.projects.models import ShareLink, SynthesisComment, SynthesisVersion
    from openbilan.projects.selectors import cep_links

    links = list(cep_links(person).values_list("pk", "synthesis_id"))
    if not links:
        return {}, Counter()
    syntheses = {synthesis for _pk, synthesis in links}
    counts: Counter = Counter()
    removed = (
        SynthesisComment.objects.filter(version__synthesis__in=syntheses).delete()[1],
        SynthesisVersion.objects.filter(synthesis__in=syntheses, is_final=False).delete()[1],
        ShareLink.objects.filter(synthesis__in=syntheses, to_cep=False).delete()[1],
    )
    for per_model in removed:
        counts.update({name.lower(): n for name, n in per_model.items() if n})
    kept = {
        "projects.synthesis": Q(pk__in=syntheses),
        "projects.sharelink": Q(synthesis__in=syntheses, to_cep=True),
        "projects.opening": Q(synthesis__in=syntheses, link__to_cep=True),
    }
    return kept, counts


@transaction.atomic
def purge(
    *, person: User, reason: str, enrolment_ids: list[int] | None = None, keep_cep_synthesis: bool = False
) -> PurgeRecord | None:
    """THE code path: delete the bilan documents of `person` (all their enrolments unless given), blank the free
    text of the rows kept for statistics and, on erasure, the identity. Writes one PurgeRecord (counts only).
    `keep_cep_synthesis`: R6313-7's first exception (see the module's docstring); never on erasure."""
    identity = reason == PurgeRecord.Reason.ERASURE
    if enrolment_ids is None:
        enrolment_ids = list(Enrolment.objects.filter(beneficiary=person).values_list("pk", flat=True))
    ref = subject_ref(person.pk)
    kept, counts = _cep_kept(person) if keep_cep_synthesis and not identity else ({}, Counter())
    counts.update(_purge_rows(person, enrolment_ids, identity=identity, kept=kept))
    if identity:
        counts.update(_erase_identity(person, ref))
    counts = {k: v for k, v in sorted(counts.items()) if v}
    if not counts:
        return None
    record = PurgeRecord.objects.create(reason=reason, subject_ref=ref, counts=counts)
    security_log.event("purge", reason=reason, record_id=record.pk, rows=sum(counts.values()))
    return record


def erase_person(*, person: User) -> PurgeRecord | None:
    """Erasure on request: immediate."""
    return purge(person=person, reason=PurgeRecord.Reason.ERASURE)


def _ended_on(enrolment: Enrolment) -> datetime.date | None:
    moment = enrolment.completed_at or enrolment.dropped_at
    return timezone.localdate(moment) if moment else None


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def keep_until(person: User, ended_on: datetime.date) -> datetime.date | None:
    """Until when the person keeps their documents for a follow-up: the day they agreed to in writing (projects),
    or, with their dated consent in the ledger, the longest the law allows; never more than three years after the
    end (R6313-7). None without such evidence."""
    from openbilan.privacy.selectors import keeps_documents
    from openbilan.projects.selectors import kept_until

    limit = years_after(ended_on, EXCEPTION_YEARS)
    candidates = [d for d in (kept_until(person),) if d]
    if keeps_documents(person):
        candidates.append(limit)
    return min(max(candidates), limit) if candidates else None


def cep_until(person: User, ended_on: datetime.date) -> datetime.date | None:
    """Until when the synthesis the person sent to a CEP operator is kept (three years after the end); None when
    they sent none."""
    from openbilan.projects.selectors import cep_links

    return years_after(ended_on, EXCEPTION_YEARS) if cep_links(person).exists() else None


@dataclass(frozen=True)
class Due:
    person: User
    reason: str
    keep_cep_synthesis: bool = False


def due_for_purge(today: datetime.date | None = None) -> list[Due]:
    """People whose bilans have all ended (the first night after the last day, R6313-7) and who keep nothing, or
    only the synthesis sent to a CEP operator, any more."""
    today = today or timezone.localdate()
    ended = (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED)
    due = []
    people = User.objects.filter(enrolments__status__in=ended, is_active=True).distinct()
    for person in people.exclude(enrolments__status__in=[s for s in EnrolmentStatus.values if s not in ended]):
        enrolments = list(Enrolment.objects.filter(beneficiary=person))
        ends = [_ended_on(e) for e in enrolments]
        if not ends or any(d is None for d in ends):
            continue
        last_end = max(ends)
        if today <= last_end + datetime.timedelta(days=GRACE_DAYS):
            continue
        kept = keep_until(person, last_end)
        if kept is not None and today <= kept:
            continue
        cep = cep_until(person, last_end)
        keep_cep = cep is not None and today <= cep
        exception_over = (kept is not None) or (cep is not None and not keep_cep)
        reason = PurgeRecord.Reason.FOLLOW_UP_ENDED if exception_over else PurgeRecord.Reason.RETENTION
        due.append(Due(person, reason, keep_cep))
    return due


def purge_expired(*, today: datetime.date | None = None) -> list[PurgeRecord]:
    """The nightly retention purge. Idempotent: a person with nothing left to purge gets no new record."""
    throttle.purge()
    for module in domain_modules("retention"):  # a domain's own retention rules (quality: complaint statements)
        module.purge_expired()
    records = []
    for due in due_for_purge(today):
        record = purge(person=due.person, reason=due.reason, keep_cep_synthesis=due.keep_cep_synthesis)
        if record is not None:
            records.append(record)
    return records
