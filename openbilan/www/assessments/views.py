"""Questionnaires: the list, answering page by page (htmx saves each answer; a plain post works without JavaScript),
the work-values card sort, and the results (for the person, and read-only for their coach, logged)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.assessments import selectors, services
from openbilan.assessments.models import InstrumentVersion
from openbilan.privacy.models import AccessLabel
from openbilan.www import flow
from openbilan.www.assessments import presenters
from openbilan.www.assessments.forms import AnswerPageForm, MoveCardForm
from openbilan.www.roles import role_required


def _language() -> str:
    return (get_language() or "fr")[:2]


def _own_attempt(request, attempt_id):
    return get_object_or_404(selectors.attempts_owned_by(request.user), pk=attempt_id)


@require_GET
@role_required(Role.BENEFICIARY)
def instrument_list(request):
    attempts = list(selectors.attempts_with_progress(request.user))
    language = _language()
    return render(
        request,
        "assessments/list.html",
        {
            "cards": presenters.instrument_cards(selectors.offered_instruments(), attempts, language),
            "history": presenters.history_rows(attempts, language),
        },
    )


@require_POST
@role_required(Role.BENEFICIARY)
def start(request, slug):
    try:
        attempt = services.start_attempt(user=request.user, slug=slug)
    except services.UnknownInstrument as error:
        raise Http404(error.message) from error
    return redirect("assessments:take", attempt_id=attempt.pk)


@require_GET
@role_required(Role.BENEFICIARY)
def take(request, attempt_id):
    """Resume: the first page with an unanswered question."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_finished:
        return redirect("assessments:results", attempt_id=attempt.pk)
    if attempt.instrument_version.kind == InstrumentVersion.Kind.RANKING:
        return redirect("assessments:sort", attempt_id=attempt.pk)
    pager = presenters.Pager(attempt.instrument_version.instrument())
    page = pager.resume_page(selectors.answers_of(attempt))
    return redirect("assessments:page", attempt_id=attempt.pk, page=page)


def _page_context(attempt, pager, page, form, saved, language):
    instrument = pager.instrument
    return {
        "attempt": attempt,
        "texts": presenters.instrument_texts(instrument, language),
        "form": form,
        "page": page,
        "page_count": pager.count,
        "is_last": page == pager.count,
        "progress": presenters.progress(len(saved), len(pager.items)),
    }


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def answer_page(request, attempt_id, page):
    attempt = _own_attempt(request, attempt_id)
    instrument = attempt.instrument_version.instrument()
    if instrument.kind == InstrumentVersion.Kind.RANKING:
        return redirect("assessments:sort", attempt_id=attempt.pk)
    pager = presenters.Pager(instrument)
    if not 1 <= page <= pager.count:
        raise Http404
    if attempt.is_finished:
        if request.htmx:
            return render(request, "assessments/includes/saved.html", {"error": services.AttemptClosed.default_message})
        messages.info(request, services.AttemptClosed.default_message)
        return redirect("assessments:results", attempt_id=attempt.pk)
    language = _language()
    form_options = {
        "items": pager.page_items(page),
        "labels": instrument.labels,
        "language": language,
        "first_number": pager.first_number(page),
    }
    saved = selectors.answers_of(attempt)
    if request.method == "GET":
        form = AnswerPageForm(initial=saved, **form_options)
        return render(request, "assessments/page.html", _page_context(attempt, pager, page, form, saved, language))

    form = AnswerPageForm(data=request.POST, **form_options)
    error = None
    if form.is_valid():
        recorded = flow.run(
            form, lambda: services.record_answers(attempt=attempt, answers=form.answers(), answered_by=request.user)
        )
        if recorded:
            saved |= form.answers()
        else:
            error = recorded.refusal.messages[0]
    else:
        error = _("Une réponse n'est pas valide : elle n'a pas été enregistrée.")

    if request.htmx:
        context = {"error": error, "progress": presenters.progress(len(saved), len(pager.items))}
        return render(request, "assessments/includes/saved.html", context)
    if form.errors:
        return render(request, "assessments/page.html", _page_context(attempt, pager, page, form, saved, language))

    action = request.POST.get("action", "next")
    if action == "previous":
        return redirect("assessments:page", attempt_id=attempt.pk, page=max(1, page - 1))
    missing = [item.id for item in pager.page_items(page) if item.id not in saved]
    if missing:
        form.require(missing)
        return render(request, "assessments/page.html", _page_context(attempt, pager, page, form, saved, language))
    if page < pager.count:
        return redirect("assessments:page", attempt_id=attempt.pk, page=page + 1)
    finished = flow.flash(request, lambda: services.finish_attempt(attempt=attempt, finished_by=request.user))
    if not finished:
        missing = getattr(finished.refusal, "missing", ())
        return redirect("assessments:page", attempt_id=attempt.pk, page=pager.page_of(missing[0]) if missing else page)
    return redirect("assessments:results", attempt_id=attempt.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def sort(request, attempt_id):
    """The work-values card sort: move cards up and down (each move saved), then confirm."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.instrument_version.kind != InstrumentVersion.Kind.RANKING:
        return redirect("assessments:take", attempt_id=attempt.pk)
    if attempt.is_finished:
        return redirect("assessments:results", attempt_id=attempt.pk)
    instrument = attempt.instrument_version.instrument()
    language = _language()
    moved, error = request.GET.get("carte", ""), None
    if request.method == "POST":
        if request.POST.get("action") == "finish":
            services.finish_attempt(attempt=attempt, finished_by=request.user)
            return redirect("assessments:results", attempt_id=attempt.pk)
        form = MoveCardForm(data=request.POST)
        if form.is_valid():
            moved, direction = form.card_and_direction()
            card = flow.run(
                form,
                lambda: services.move_card(attempt=attempt, item_id=moved, direction=direction, moved_by=request.user),
            )
            if not card:
                error, moved = card.refusal.messages[0], ""
        else:
            error = _("Ce déplacement n'est pas possible.")
        if not request.htmx and error is None:
            return redirect(f"{reverse('assessments:sort', args=[attempt.pk])}?carte={moved}#cartes")
    cards = presenters.cards_in_order(instrument, selectors.answers_of(attempt), language)
    moved_card = next((card for card in cards if card["id"] == moved), None)
    context = {
        "attempt": attempt,
        "texts": presenters.instrument_texts(instrument, language),
        "cards": cards,
        "moved": moved_card,
        "error": error,
    }
    template = "assessments/includes/cards.html" if request.htmx else "assessments/sort.html"
    return render(request, template, context)


@require_GET
@login_required
def results(request, attempt_id):
    found = selectors.result_for(request.user, attempt_id)
    if found is None:
        raise Http404
    attempt, rule = found
    language = _language()
    version = attempt.instrument_version
    instrument = version.instrument()
    as_coach = not rule.is_person
    rule.log(AccessLabel.RESULTS, path=request.path)
    if version.kind == InstrumentVersion.Kind.RANKING:
        result = presenters.ranking_result(attempt, language)
    else:
        result = presenters.likert_result(attempt, language, selectors.cohort_table(version))
    return render(
        request,
        "assessments/results.html",
        {
            "attempt": attempt,
            "person": attempt.user,
            "as_coach": as_coach,
            "texts": presenters.instrument_texts(instrument, language),
            "result": result,
        },
    )


@require_GET
@login_required
def person(request, user_id):
    """A person's questionnaires, for themself or their coach (logged)."""
    found = selectors.person_for(request.user, user_id)
    if found is None:
        raise Http404
    person, rule = found
    as_coach = not rule.is_person
    rule.log(AccessLabel.RESULTS_LIST, path=request.path)
    history = presenters.history_rows(selectors.attempts_of_person(person, rule), _language())
    return render(request, "assessments/person.html", {"person": person, "as_coach": as_coach, "history": history})
