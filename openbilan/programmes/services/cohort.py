"""The cohort file: import (all or nothing, a report per row), its preview, and the export."""

import datetime
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Organisation, Role, User
from openbilan.enrolments import errors as enrolment_errors
from openbilan.enrolments import services as enrolments
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Origin
from openbilan.enrolments.services import HistoricalState, historical_path, record_historical_statuses
from openbilan.programmes import cohort_csv
from openbilan.programmes.errors import NotAllowed, csv_message
from openbilan.programmes.models import (
    CohortExport,
    CohortImport,
    FollowUp,
    Outcome,
    OutcomeSource,
    Programme,
)
from openbilan.programmes.selectors import programmes_operated_by
from openbilan.programmes.services.follow_up import record_outcome
from openbilan.programmes.services.people import DETAIL_FIELDS, _apply_details

logger = logging.getLogger(__name__)


# --- The cohort file ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedProblem:
    line: int
    column: str
    value: str
    reason: str
    warning: bool = False


@dataclass
class ImportReport:
    """What an import did, or would do (dry run): counts and one line per problem (line, column, value, reason)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ReportedProblem] = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False
    historical: bool = False
    accept_homonyms: bool = False
    statuses_ignored: bool = False  # without --historical, the status columns are read but not applied
    encoding: str = ""  # as detected: cohort_csv.UTF8_BOM, UTF8 or WINDOWS_1252
    delimiter: str = ""  # as detected: "," ";" or a tab
    people: list[dict] = field(default_factory=list)  # the first PREVIEW_PEOPLE rows: line, name, email, action

    @property
    def errors(self) -> list[ReportedProblem]:
        return [problem for problem in self.problems if not problem.warning]

    @property
    def warnings(self) -> list[ReportedProblem]:
        return [problem for problem in self.problems if problem.warning]

    @property
    def ok(self) -> bool:
        """Nothing blocks the import: no error, and possible homonyms (if any) confirmed as different people."""
        return not self.errors and (self.accept_homonyms or not self.warnings)


def _problem(error: cohort_csv.RowError) -> ReportedProblem:
    return ReportedProblem(error.line, error.column, error.value, csv_message(error.code, error.params), error.warning)


def _row_error(row, column: str, code: str, warning: bool = False, **params) -> cohort_csv.RowError:
    return cohort_csv.RowError(row.line, column, str(getattr(row, column, "") or ""), code, params, warning)


def _check_against_database(programme: Programme, rows: list[cohort_csv.CohortRow], historical: bool) -> list:
    """Checks that need the database, in a few queries whatever the size of the file."""
    errors = []
    by_external_id = {
        e.external_id: e
        for e in Enrolment.objects.filter(programme=programme, external_id__in=[r.external_id for r in rows])
        .select_related("beneficiary")
        .order_by()
    }
    users = {u.email.lower(): u for u in User.objects.filter(email__in=[r.email for r in rows])}
    staff = set(
        User.objects.filter(pk__in=[u.pk for u in users.values()])
        .filter(memberships__is_active=True)
        .exclude(memberships__role=Role.BENEFICIARY)
        .values_list("pk", flat=True)
    )
    in_programme = {
        e.beneficiary_id: e
        for e in Enrolment.objects.filter(
            programme=programme, beneficiary__in=[u.pk for u in users.values()]
        ).order_by()
    }
    prescribers = _programme_prescribers(programme)
    allowed = ", ".join(sorted(org.name for org in prescribers.values())) or "—"
    birth_dates = {r.birth_date for r in rows if r.birth_date}
    known_people = {}
    for enrolment in (
        Enrolment.objects.filter(birth_date__in=birth_dates, programme__operator=programme.operator)
        .select_related("beneficiary")
        .order_by()
    ):
        person = enrolment.beneficiary
        known_people.setdefault(
            (cohort_csv.name_key(person.first_name, person.last_name), enrolment.birth_date), set()
        ).add(person.email.lower())
    for row in rows:
        existing = by_external_id.get(row.external_id)
        user = users.get(row.email)
        if user is not None and user.pk in staff:
            errors.append(_row_error(row, "email", "not_beneficiary"))
            continue
        if existing is not None:
            if user is not None and user.pk != existing.beneficiary_id:
                other = in_programme.get(user.pk)
                errors.append(_row_error(row, "email", "email_taken", other=other.external_id if other else "—"))
        elif user is not None and user.pk in in_programme and in_programme[user.pk].external_id:
            errors.append(_row_error(row, "email", "email_taken", other=in_programme[user.pk].external_id))
        if row.prescriber_name:
            org = prescribers.get(row.prescriber_name.casefold())
            if org is None:
                errors.append(_row_error(row, "prescriber_name", "unknown_prescriber", allowed=allowed))
            elif org.network != row.prescriber_kind:
                errors.append(_row_error(row, "prescriber_kind", "prescriber_kind_mismatch", kind=org.network or "—"))
        current = existing or (in_programme.get(user.pk) if user is not None else None)
        if historical and current is not None and historical_path(current.status, row.status) is None:
            errors.append(
                _row_error(
                    row,
                    "status",
                    "status_backwards",
                    current=EnrolmentStatus(current.status).label,
                    target=EnrolmentStatus(row.status).label,
                )
            )
        if current is None and user is None and row.birth_date:
            emails = known_people.get((cohort_csv.name_key(row.first_name, row.last_name), row.birth_date), set())
            if emails - {row.email}:
                errors.append(_row_error(row, "last_name", "homonym", warning=True))
    return errors


def _programme_prescribers(programme: Programme) -> dict[str, Organisation]:
    """The programme's own prescribers by name (case ignored): the only ones a cohort file may name. A file never
    creates a prescriber, nor adds one to the programme, nor reaches another operator's (issue 16, finding 3)."""
    return {org.name.casefold(): org for org in programme.prescribers.only("name", "network")}


def _prescriber(row: cohort_csv.CohortRow, programme: Programme, cache: dict) -> Organisation | None:
    if not row.prescriber_name:
        return None
    if not cache:
        cache.update(_programme_prescribers(programme))
    org = cache.get(row.prescriber_name.casefold())
    if org is None:  # checked before anything is written; a programme edited meanwhile undoes the whole file
        raise NotAllowed(
            csv_message("unknown_prescriber", {"allowed": ", ".join(sorted(o.name for o in cache.values())) or "—"})
        )
    return org


def _apply_row(
    row: cohort_csv.CohortRow,
    *,
    programme: Programme,
    historical: bool,
    actor: User | None,
    batch: CohortImport | None,
    source: str,
    prescribers: dict,
) -> str:
    """Create or update one person's enrolment from a checked row; "created", "updated" or "unchanged"."""
    enrolment = (
        Enrolment.objects.filter(programme=programme, external_id=row.external_id).select_related("beneficiary").first()
    )
    user = User.objects.filter(email__iexact=row.email).first()
    if enrolment is None and user is not None:
        enrolment = (
            Enrolment.objects.filter(programme=programme, beneficiary=user).select_related("beneficiary").first()
        )
    prescriber = _prescriber(row, programme, prescribers)
    details = {name: getattr(row, name) for name in DETAIL_FIELDS}
    started_on = row.referred_on or (row.status_on if historical else None) or timezone.localdate()
    if enrolment is None:
        if user is None:
            user = User.objects.create_user(email=row.email, first_name=row.first_name, last_name=row.last_name)
        else:  # an account known elsewhere keeps its name: the file's is proposed to its owner
            accounts.propose_change(
                user=user,
                organisation=programme.operator,
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
            )
        accounts.grant_role(user=user, organisation=programme.operator, role=Role.BENEFICIARY)
        if historical:
            enrolment = Enrolment(programme=programme, beneficiary=user, status=EnrolmentStatus.INVITED)
        else:
            enrolment = enrolments.invite(
                programme=programme, beneficiary=user, prescriber=prescriber, invited_by=actor
            )
        enrolment.prescriber = prescriber
        enrolment.external_id = row.external_id
        enrolment.origin = Origin.HISTORICAL if historical else Origin.IMPORT
        enrolment.import_batch = batch
        _apply_details(enrolment, details, started_on)
        if historical:
            state = HistoricalState(row.status, row.status_on, row.drop_reason, started_on)
            record_historical_statuses(items=[(enrolment, state)], actor=actor, source=source, new=True)
        else:
            enrolment.save()
            enrolments.queue_invitation(enrolment)
        _import_outcome(row, enrolment, historical, actor)
        return "created"

    # An import never changes an existing account's name or e-mail: it proposes, the person decides (issue 16).
    changed = accounts.propose_change(
        user=enrolment.beneficiary,
        organisation=programme.operator,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
    )
    fields = _apply_details(enrolment, details, row.referred_on or enrolment.referred_on or started_on)
    if enrolment.external_id != row.external_id:
        enrolment.external_id, fields = row.external_id, [*fields, "external_id"]
    if prescriber is not None and enrolment.prescriber_id != prescriber.pk:
        # The person's sharing choice was made for the former prescriber: the new one starts unshared.
        enrolment.prescriber, enrolment.shares_with_prescriber, enrolment.shared_with = prescriber, False, None
        fields = [*fields, "prescriber", "shares_with_prescriber", "shared_with"]
    if fields:
        enrolment.save(update_fields=fields)
        changed = True
    if historical and enrolment.status != row.status:
        state = HistoricalState(row.status, row.status_on, row.drop_reason, enrolment.referred_on or started_on)
        record_historical_statuses(items=[(enrolment, state)], actor=actor, source=source)
        changed = True
    changed = _import_outcome(row, enrolment, historical, actor) or changed
    return "updated" if changed else "unchanged"


def _import_outcome(row, enrolment: Enrolment, historical: bool, actor: User | None) -> bool:
    if not (historical and row.outcome and enrolment.status == EnrolmentStatus.COMPLETED):
        return False
    observed_on = row.outcome_on or row.status_on or timezone.localdate()
    current = Outcome.objects.filter(enrolment=enrolment, moment=FollowUp.END).first()
    if current is not None and (current.kind, current.observed_on, current.rome_code) == (
        row.outcome,
        observed_on,
        row.outcome_rome_code,
    ):
        return False
    record_outcome(
        enrolment=enrolment,
        moment=FollowUp.END,
        kind=row.outcome,
        observed_on=observed_on,
        source=OutcomeSource.IMPORT,
        recorded_by=actor,
        rome_code=row.outcome_rome_code,
    )
    return True


def import_cohort(
    *,
    programme: Programme,
    data: bytes,
    historical: bool = False,
    dry_run: bool = False,
    accept_homonyms: bool = False,
    actor: User | None = None,
    file_name: str = "",
    batch: CohortImport | None = None,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import a cohort file: all or nothing, one transaction. Every problem is reported (line, column, value,
    reason) and then nothing is written. A re-import updates the rows by external_id and changes nothing when the
    file did not change. Without `historical`, every new person starts invited (an e-mail with their link is sent
    after the import); with it, the statuses and outcomes of an earlier system are kept as they are, and recorded
    as such. `dry_run` runs the very same import and rolls it back."""
    today = today or timezone.localdate()
    report = ImportReport(dry_run=dry_run, historical=historical, accept_homonyms=accept_homonyms)
    encoding = cohort_csv.detect_encoding(data)
    if isinstance(encoding, cohort_csv.RowError):
        report.problems.append(_problem(encoding))
        return report
    text = cohort_csv.decode(data)
    parsed = cohort_csv.parse(text, historical=historical, today=today)
    report.encoding, report.delimiter = encoding, parsed.delimiter
    report.rows = len(parsed.rows) + len({e.line for e in parsed.blocking if e.line > 1})
    problems = list(parsed.errors)
    if parsed.rows:
        problems += _check_against_database(programme, parsed.rows, historical)
    report.problems = sorted((_problem(p) for p in problems), key=lambda p: (p.line, p.column))
    report.statuses_ignored = not historical and any(row.status != "invited" or row.outcome for row in parsed.rows)
    if not report.ok:
        return report
    digest = hashlib.sha256(data).hexdigest()[:12]
    source = f"{file_name or 'fichier'} ({digest})"
    try:
        with transaction.atomic():
            if batch is None and not dry_run:
                batch = CohortImport.objects.create(
                    programme=programme,
                    uploaded_by=actor,
                    file_name=file_name[:200],
                    sha256=hashlib.sha256(data).hexdigest(),
                    historical=historical,
                    accept_homonyms=accept_homonyms,
                )
            prescribers: dict = {}
            for row in parsed.rows:
                result = _apply_row(
                    row,
                    programme=programme,
                    historical=historical,
                    actor=actor,
                    batch=batch,
                    source=source,
                    prescribers=prescribers,
                )
                setattr(report, result, getattr(report, result) + 1)
                if len(report.people) < PREVIEW_PEOPLE:
                    name = f"{row.first_name} {row.last_name}"
                    report.people.append({"line": row.line, "name": name, "email": row.email, "action": result})
            if dry_run:
                transaction.set_rollback(True)
            elif batch is not None:
                batch.state = CohortImport.State.APPLIED
                batch.applied_at = timezone.now()
                batch.content = ""
                batch.people = []  # names were kept for the preview only
                batch.rows, batch.created, batch.updated, batch.unchanged = (
                    report.rows,
                    report.created,
                    report.updated,
                    report.unchanged,
                )
                batch.save()
    except (NotAllowed, enrolment_errors.NotAllowed) as error:  # a historical status the machine cannot reach
        report.created = report.updated = report.unchanged = 0
        report.problems.append(ReportedProblem(0, "", "", " ".join(error.messages)))
        return report
    report.applied = not dry_run
    logger.info(
        "cohort import programme=%s rows=%s created=%s updated=%s unchanged=%s dry_run=%s historical=%s",
        programme.slug,
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        dry_run,
        historical,
    )
    return report


PREVIEW_LIFETIME = datetime.timedelta(days=1)
PREVIEW_PEOPLE = 500  # the preview lists this many people by name; the counts cover the whole file


@transaction.atomic
def preview_cohort(
    *, programme: Programme, actor: User, data: bytes, file_name: str, historical: bool, accept_homonyms: bool
) -> tuple[CohortImport, ImportReport]:
    """The upload page's first step: a dry run of the file, kept (for one day) so that it can be confirmed."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    CohortImport.objects.filter(
        state=CohortImport.State.PREVIEWED, created_at__lt=timezone.now() - PREVIEW_LIFETIME
    ).delete()
    report = import_cohort(
        programme=programme,
        data=data,
        historical=historical,
        dry_run=True,
        accept_homonyms=accept_homonyms,
        actor=actor,
        file_name=file_name,
    )
    preview = CohortImport.objects.create(
        programme=programme,
        uploaded_by=actor,
        file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        # the text as read (a Windows-1252 file is kept decoded, so that confirming imports the same accents)
        content=cohort_csv.decode(data) if report.ok else "",
        historical=historical,
        accept_homonyms=accept_homonyms,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        errors=[problem.__dict__ for problem in report.problems],
        people=report.people if report.ok else [],
        file_format={"encoding": report.encoding, "delimiter": report.delimiter},
    )
    return preview, report


def apply_cohort_import(*, cohort_import: CohortImport, actor: User) -> ImportReport:
    """The upload page's second step: the previewed file, imported for real (checked again)."""
    if not programmes_operated_by(actor).filter(pk=cohort_import.programme_id).exists():
        raise NotAllowed()
    if cohort_import.state != CohortImport.State.PREVIEWED or not cohort_import.content:
        raise NotAllowed(_("Ce fichier a déjà été importé, ou il avait des erreurs. Déposez-le à nouveau."))
    return import_cohort(
        programme=cohort_import.programme,
        data=cohort_import.content.encode("utf-8"),
        historical=cohort_import.historical,
        accept_homonyms=cohort_import.accept_homonyms,
        actor=actor,
        file_name=cohort_import.file_name,
        batch=cohort_import,
    )


def _export_records(programme: Programme) -> Iterator[dict]:
    end_outcomes = {
        row["enrolment_id"]: row
        for row in Outcome.objects.filter(enrolment__programme=programme, moment=FollowUp.END).values(
            "enrolment_id", "kind", "observed_on", "rome_code"
        )
    }
    enrolments = (
        Enrolment.objects.filter(programme=programme)
        .select_related("beneficiary", "prescriber")
        .order_by("external_id", "pk")
    )
    for enrolment in enrolments.iterator(chunk_size=2000):
        person = enrolment.beneficiary
        status_on = {
            EnrolmentStatus.COMPLETED: enrolment.completed_at,
            EnrolmentStatus.DROPPED: enrolment.dropped_at,
            EnrolmentStatus.PAUSED: enrolment.paused_at,
            EnrolmentStatus.ACTIVE: enrolment.consented_at,
        }.get(enrolment.status)
        outcome = end_outcomes.get(enrolment.pk, {})
        yield {
            "external_id": enrolment.external_id or f"openbilan-{enrolment.pk}",
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            **{name: getattr(enrolment, name) for name in DETAIL_FIELDS},
            "prescriber_name": enrolment.prescriber.name if enrolment.prescriber else "",
            "prescriber_kind": enrolment.prescriber.network if enrolment.prescriber else "",
            "referred_on": enrolment.referred_on,
            "status": enrolment.status,
            "status_on": timezone.localdate(status_on) if status_on else None,
            "drop_reason": enrolment.drop_reason,
            "outcome": outcome.get("kind", ""),
            "outcome_on": outcome.get("observed_on"),
            "outcome_rome_code": outcome.get("rome_code", ""),
        }


def export_cohort(*, programme: Programme, actor: User, channel: str = "web") -> Iterator[str]:
    """The cohort file of a programme (personal data: operator admins only). The export is logged with who and how
    many rows before the first line is produced."""
    if not programmes_operated_by(actor).filter(pk=programme.pk).exists():
        raise NotAllowed()
    rows = Enrolment.objects.filter(programme=programme).count()
    CohortExport.objects.create(programme=programme, exported_by=actor, channel=channel, rows=rows)
    logger.info("cohort export programme=%s by=%s rows=%s channel=%s", programme.slug, actor.pk, rows, channel)
    return cohort_csv.write(_export_records(programme))
