"""Programme pages: the operator admin's programmes (settings, cohort file upload and export, duplicates to check),
the prescriber's referral form, and the person's pages reached from a signed link (invitation, surveys), their
disability declaration, and the coach's record of a person's outcome."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts import services as account_services
from openbilan.accounts.models import Role
from openbilan.enrolments import access
from openbilan.enrolments import links as invitation_links
from openbilan.enrolments.errors import InvalidLink
from openbilan.enrolments.models import EnrolmentStatus
from openbilan.privacy.models import AccessLabel
from openbilan.programmes import cohort_csv, links, selectors, services
from openbilan.programmes.models import OutcomeSource, Survey
from openbilan.www import flow
from openbilan.www.programmes.forms import (
    CohortUploadForm,
    DecisionForm,
    DisabilityForm,
    EvaluationForm,
    FunderForm,
    OutcomeForm,
    ProgrammeForm,
    ReferralForm,
    SituationForm,
)
from openbilan.www.roles import role_required


def _posted(request, *, files=False):
    """The form data of a POST, even an empty one, or None for a GET (an empty POST must show its errors)."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


# --- Operator admins ------------------------------------------------------------------------------------------------


def _operated(request, slug):
    return get_object_or_404(
        selectors.programmes_operated_by(request.user).select_related("funder", "operator", "journey_template"),
        slug=slug,
    )


def _operator_of(request):
    from openbilan.accounts.selectors import organisations_of

    operator = organisations_of(request.user, Role.OPERATOR_ADMIN).first()
    if operator is None:
        raise Http404
    return operator


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def programme_list(request):
    return render(request, "programmes/list.html", {"programmes": selectors.operator_programme_rows(request.user)})


def _save_programme(request, form, programme=None):
    data = dict(form.cleaned_data)
    prescribers = data.pop("prescribers", [])
    if programme is not None:
        data.pop("slug", None)
    saved = flow.run(
        form,
        lambda: services.save_programme(actor=request.user, programme=programme, prescribers=prescribers, **data),
    )
    return saved.value


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def programme_create(request):
    operator = _operator_of(request)
    form = ProgrammeForm(_posted(request), operator=operator)
    if request.method == "POST" and form.is_valid():
        programme = _save_programme(request, form)
        if programme is not None:
            messages.success(request, _("Le programme est créé."))
            return redirect("programmes:detail", slug=programme.slug)
    return render(request, "programmes/form.html", {"form": form, "programme": None})


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def funder_create(request):
    """A funder organisation the programme form can then name (issue 19: it could not be created in the interface)."""
    _operator_of(request)
    form = FunderForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            added := flow.run(
                form, lambda: services.create_funder(name=form.cleaned_data["name"], actor=request.user), field="name"
            )
        )
    ):
        messages.success(
            request,
            _("Le financeur « %(name)s » est ajouté. Choisissez-le dans le programme.") % {"name": added.value.name},
        )
        return redirect("programmes:list")
    return render(request, "programmes/funder_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def programme_edit(request, slug):
    programme = _operated(request, slug)
    form = ProgrammeForm(_posted(request), instance=programme, operator=programme.operator)
    if request.method == "POST" and form.is_valid():
        saved = _save_programme(request, form, programme)
        if saved is not None:
            messages.success(request, _("Les réglages du programme sont enregistrés."))
            return redirect("programmes:detail", slug=saved.slug)
    return render(request, "programmes/form.html", {"form": form, "programme": programme})


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def programme_detail(request, slug):
    programme = _operated(request, slug)
    row = selectors.operator_programme_rows(request.user).get(pk=programme.pk)
    statuses = [(EnrolmentStatus(status).label, getattr(row, f"n_{status}")) for status in EnrolmentStatus.values]
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "row": row,
            "statuses": statuses,
            "prescribers": programme.prescribers.all(),
            "imports": selectors.imports_of(programme)[:10],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def cohort_upload(request, slug):
    """Step 1: the file is checked and counted (a dry run of the very import), nothing is written yet."""
    programme = _operated(request, slug)
    form = CohortUploadForm(_posted(request), _posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview, _report = services.preview_cohort(
            programme=programme,
            actor=request.user,
            data=upload.read(),
            file_name=upload.name,
            historical=form.cleaned_data["historical"],
            accept_homonyms=form.cleaned_data["accept_homonyms"],
        )
        return redirect("programmes:cohort_preview", slug=programme.slug, preview_id=preview.pk)
    return render(request, "programmes/upload.html", {"programme": programme, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def cohort_preview(request, slug, preview_id):
    """Step 2: the report of the dry run (one line per problem); without problems, one button imports for real."""
    programme = _operated(request, slug)
    preview = selectors.preview_for(request.user, programme, preview_id)
    if preview is None:
        raise Http404
    problems = preview.errors
    if request.method == "POST":
        applied = flow.flash(request, lambda: services.apply_cohort_import(cohort_import=preview, actor=request.user))
        if not applied:
            return redirect("programmes:cohort_upload", slug=programme.slug)
        report = applied.value
        if report.applied:
            messages.success(
                request,
                _(
                    "Import terminé. Personnes ajoutées : %(created)s ; mises à jour : %(updated)s ; "
                    "inchangées : %(unchanged)s."
                )
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("programmes:detail", slug=programme.slug)
        problems = [problem.__dict__ for problem in report.problems]
    errors = [p for p in problems if not p.get("warning")]
    warnings = [p for p in problems if p.get("warning")]
    blocked = bool(errors) or (bool(warnings) and not preview.accept_homonyms)
    return render(
        request,
        "programmes/preview.html",
        {
            "programme": programme,
            "preview": preview,
            "errors": errors,
            "warnings": warnings,
            "blocked": blocked,
            "can_apply": not blocked and preview.state == preview.State.PREVIEWED and bool(preview.content),
            "file_format": _file_format(preview.file_format),
        },
    )


def _file_format(found: dict) -> str:
    """What the preview says about how the file was read: its separator and its encoding, as detected."""
    separators = {",": _("virgule"), ";": _("point-virgule"), "\t": _("tabulation")}
    encodings = {
        "utf-8-bom": _("UTF-8 avec BOM"),
        "utf-8": _("UTF-8"),
        "windows-1252": _("Windows-1252 (tableur en français)"),
    }
    if found.get("delimiter") not in separators or found.get("encoding") not in encodings:
        return ""
    return _("Fichier lu avec ce séparateur : %(separator)s ; cet encodage : %(encoding)s.") % {
        "separator": separators[found["delimiter"]],
        "encoding": encodings[found["encoding"]],
    }


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def cohort_export(request, slug):
    """The programme's cohort file (personal data, logged)."""
    programme = _operated(request, slug)
    lines = services.export_cohort(programme=programme, actor=request.user, channel="web")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cohorte-{programme.slug}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def cohort_template(request):
    """The cohort file's template: the header row and one example line to replace (refused if imported as is)."""
    response = StreamingHttpResponse(cohort_csv.write([cohort_csv.EXAMPLE_ROW]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-cohorte.csv"'
    return response


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def duplicates(request, slug):
    programme = _operated(request, slug)
    referrals = list(selectors.referrals_to_review(request.user, programme))
    known = selectors.enrolments_of_person_for_review(referrals)
    rows = [{"referral": r, "enrolments": known.get(r.duplicate_of_id, [])} for r in referrals]
    return render(request, "programmes/duplicates.html", {"programme": programme, "rows": rows})


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def referral_decision(request, referral_id):
    referral = get_object_or_404(selectors.referrals_to_review(request.user), pk=referral_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une décision."))
    elif flow.flash(
        request,
        lambda: services.decide_referral(referral=referral, decision=form.cleaned_data["decision"], actor=request.user),
    ):
        messages.success(request, _("La décision est enregistrée."))
    return redirect("programmes:duplicates", slug=referral.programme.slug)


# --- Prescribers ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.PRESCRIBER)
def referral_create(request):
    programmes = selectors.programmes_referable_by(request.user)
    form = ReferralForm(_posted(request), programmes=programmes)
    if request.method == "POST" and form.is_valid():
        programme = form.cleaned_data["programme"]
        prescriber = selectors.prescriber_organisations_of(request.user).filter(prescribed_programmes=programme).first()
        referred = flow.run(
            form,
            lambda: services.create_referral(
                programme=programme,
                prescriber=prescriber,
                created_by=request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=form.cleaned_data["email"],
                **form.details(),
            ),
        )
        if referred:
            # One answer whether or not the person has an account (issue 16, finding 5): a known address or name
            # is checked by the operator, silently, and the account's owner is told by e-mail.
            messages.success(
                request,
                _("Votre orientation est enregistrée. La personne reçoit un e-mail qui lui propose le bilan."),
            )
            return redirect("www:prescriber_home")
    return render(request, "programmes/referral.html", {"form": form, "programmes": programmes})


# --- The person: invitation link, surveys, disability ---------------------------------------------------------------


def _link_error(request, error: InvalidLink):
    return render(request, "programmes/invalid_link.html", {"error": error}, status=410 if error.expired else 404)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link of the invitation e-mail. A person without a password chooses one here, is signed in, and reads
    their invitation on the journey's consent page (where they accept, or not, and choose what their prescriber
    sees). A person with a password signs in first."""
    try:
        enrolment = invitation_links.enrolment_from_invitation(token)
    except InvalidLink as error:
        return _link_error(request, error)
    person = enrolment.beneficiary
    target = reverse("journeys:invitation", kwargs={"enrolment_id": enrolment.pk})
    if request.user.is_authenticated:
        if request.user.pk == person.pk:
            return redirect(target)
        return render(request, "programmes/invitation_other_account.html", {"enrolment": enrolment})
    if person.has_usable_password():
        messages.info(request, _("Connectez-vous pour lire votre invitation."))
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
    if enrolment.status != EnrolmentStatus.INVITED:
        return _link_error(request, InvalidLink(expired=True))
    form = SetPasswordForm(person, _posted(request))
    if request.method == "POST" and form.is_valid():
        account_services.set_password(user=person, password=form.cleaned_data["new_password1"])
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(target)
    return render(request, "programmes/invitation.html", {"enrolment": enrolment, "form": form})


@require_http_methods(["GET", "POST"])
def survey(request, token):
    """An evaluation or follow-up survey, from its signed link: no sign-in needed, answered once."""
    try:
        item = links.survey_from_token(token)
    except InvalidLink as error:
        return _link_error(request, error)
    if item.answered_at is not None:
        return render(request, "programmes/survey_done.html", {"survey": item, "already": True})
    data = request.POST if request.method == "POST" else None
    asks_situation = item.kind in services.SURVEY_OUTCOME_MOMENT
    asks_evaluation = item.kind in services.SURVEY_EVALUATION
    situation = SituationForm(data, prefix="situation") if asks_situation else None
    evaluation = EvaluationForm(data, prefix="evaluation") if asks_evaluation else None
    forms_ = [form for form in (situation, evaluation) if form is not None]
    if request.method == "POST" and all(form.is_valid() for form in forms_):
        flow.flash(
            request,
            lambda: services.answer_survey(
                survey=item,
                evaluation=dict(evaluation.cleaned_data) if evaluation else None,
                outcome=dict(situation.cleaned_data) if situation else None,
            ),
        )
        return render(request, "programmes/survey_done.html", {"survey": item, "already": False})
    return render(
        request,
        "programmes/survey.html",
        {"survey": item, "situation": situation, "evaluation": evaluation, "is_end": item.kind == Survey.Kind.END},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def disability(request):
    """The person's own disability declaration (health data): explicit consent, kept apart, withdrawn at will."""
    current = selectors.disability_of(request.user)
    if request.method == "POST" and request.POST.get("withdraw"):
        services.withdraw_disability(person=request.user)
        messages.success(request, _("Votre déclaration est supprimée."))
        return redirect("programmes:disability")
    initial = {}
    if current is not None:
        initial = {
            "recognised": "yes" if current.recognised else "no",
            "accommodations": current.accommodations,
            "share_with_coach": current.share_with_coach,
        }
    form = DisabilityForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.declare_disability(person=request.user, **form.cleaned_data)
        messages.success(request, _("Votre déclaration est enregistrée."))
        return redirect("programmes:disability")
    return render(request, "programmes/disability.html", {"form": form, "current": current})


# --- Coaches: the outcome of a person they follow -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def outcome(request, enrolment_id):
    enrolment = selectors.enrolment_for_coach(request.user, enrolment_id)
    if enrolment is None:
        raise Http404
    access.record(actor=request.user, subject=enrolment.beneficiary, label=AccessLabel.OUTCOME, path=request.path)
    form = OutcomeForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(
            form,
            lambda: services.record_outcome(
                enrolment=enrolment, source=OutcomeSource.COACH, recorded_by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("La situation est enregistrée."))
        return redirect("programmes:outcome", enrolment_id=enrolment.pk)
    return render(
        request,
        "programmes/outcome.html",
        {
            "enrolment": enrolment,
            "form": form,
            "outcomes": enrolment.outcomes.all(),
            "completed": enrolment.status == EnrolmentStatus.COMPLETED,
        },
    )
