"""The person's writing: needs analysis and the introspection exercises. Every text autosaves (htmx) and has a save
button that works without JavaScript. A save carries the entry's version: a stale one is refused (409 for htmx, a
form error without JavaScript), shows the newer text, and never overwrites it silently.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.enrolments.models import EnrolmentStatus
from openbilan.journeys import lifeline, selectors, services
from openbilan.journeys.errors import ActivityLocked, NotAllowed, StaleVersion
from openbilan.journeys.models import (
    Aspirations,
    BeliefEntry,
    Driver,
    DriverEntry,
    NeedsAnalysis,
    TimelineEntry,
    Tool,
)
from openbilan.privacy.models import AccessLabel
from openbilan.www import flow
from openbilan.www.journeys.access import journey_or_404, refused
from openbilan.www.journeys.forms import (
    AspirationsForm,
    BeliefEntryForm,
    DriverEntryForm,
    NeedsAnalysisForm,
    TimelineEntryForm,
    context_groups,
    contexts_source,
)


@dataclass(frozen=True)
class Exercise:
    model: type
    form_class: type
    tool: str
    page: str  # URL name of the page
    template: str
    what: str  # what the access log says a coach opened


EXERCISES = {
    "needs": Exercise(
        NeedsAnalysis, NeedsAnalysisForm, Tool.NEEDS_ANALYSIS, "journeys:needs", "needs", "Analyse des besoins"
    ),
    "timeline": Exercise(
        TimelineEntry, TimelineEntryForm, Tool.LIFE_TIMELINE, "journeys:timeline", "timeline", "Ligne de vie"
    ),
    "drivers": Exercise(DriverEntry, DriverEntryForm, Tool.DRIVERS, "journeys:drivers", "drivers", "Moteurs et freins"),
    "beliefs": Exercise(
        BeliefEntry, BeliefEntryForm, Tool.BELIEFS, "journeys:beliefs", "beliefs", "Croyances limitantes"
    ),
    "aspirations": Exercise(
        Aspirations, AspirationsForm, Tool.ASPIRATIONS, "journeys:aspirations", "aspirations", "Aspirations"
    ),
}


@dataclass
class Item:
    """One entry on a page: its form (prefixed), where it saves, and what its save status says."""

    prefix: str
    entry: object | None
    form: object
    save_url: str
    status: dict
    heading: str = ""
    description: str = ""
    delete_url: str = ""
    skip: tuple[str, ...] = ()  # fields that do not apply to this entry

    @property
    def display(self) -> list[tuple[str, str]]:
        """The entry as label/text pairs, for reading (the coach, or a bilan no longer in progress)."""
        rows = []
        for field in self.form.visible_fields():
            if field.name == "private" or field.name in self.skip:
                continue
            value = field.value()
            choices = dict(_flat_choices(field.field)) if hasattr(field.field, "choices") else None
            if isinstance(value, list | tuple):
                text = ", ".join(str(choices.get(v, v)) if choices else str(v) for v in value)
            elif choices is not None:
                text = str(choices.get(value, value or "")) if value else ""
            else:
                text = "" if value is None else str(value)
            rows.append((field.label, text))
        return rows


def _flat_choices(field):
    for key, label in field.choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def _saved_status(entry) -> dict:
    if entry is None:
        return {"state": "new", "message": _("Pas encore enregistré."), "version": 0}
    when = formats.time_format(timezone.localtime(entry.updated_at), "H:i")
    return {"state": "saved", "message": _("Enregistré à %(time)s.") % {"time": when}, "version": entry.version}


def _stale_status(form, stale: StaleVersion) -> dict:
    current = stale.current
    texts = [  # the texts that differ from what this page sent: the ones the person must choose between
        (form.fields[name].label, getattr(current, name))
        for name in form.text_fields
        if current is not None and getattr(current, name) != form.cleaned_data.get(name)
    ]
    return {
        "state": "conflict",
        "message": stale.messages[0],
        "version": form.cleaned_data.get("version", 0),
        "stale_texts": texts,
        "current_version": current.version if current is not None else 0,
    }


def _invalid_status(form) -> dict:
    errors = [
        f"{form.fields[name].label} : {error}" if name in form.fields else error
        for name, errs in form.errors.items()
        for error in errs
    ]
    return {
        "state": "invalid",
        "message": _("Non enregistré : corrigez ce qui est indiqué."),
        "errors": errors,
        "version": form.data.get(f"{form.prefix}-version", 0),
    }


def _form_kwargs(exercise: Exercise, entry) -> dict:
    if exercise.model is Aspirations:
        return {"stored_codes": entry.excluded_contexts if entry else ()}
    return {}


def _initial(exercise: Exercise, entry) -> dict:
    if entry is None:
        return {"version": 0}
    names = [name for name in exercise.form_class.base_fields if name != "replace"]
    return {name: getattr(entry, name) for name in names if hasattr(entry, name)} | {"version": entry.version}


def _items(request, access, exercise: Exercise, bound: dict | None = None) -> list[Item]:
    """The page's entries, each with an unbound form, except `bound` = {prefix: (form, status)} after a failed save."""
    journey, eid = access.journey, access.enrolment.pk
    entries = selectors.visible_entries(journey, exercise.model, viewer_is_person=access.is_person)
    bound = bound or {}
    items: list[Item] = []

    def item(prefix, entry, save_url, **extra):
        if prefix in bound:
            form, status = bound[prefix]
        else:
            form = exercise.form_class(
                prefix=prefix, initial=_initial(exercise, entry), **_form_kwargs(exercise, entry)
            )
            status = _saved_status(entry)
        items.append(Item(prefix, entry, form, save_url, status, **extra))

    if exercise.model is NeedsAnalysis or exercise.model is Aspirations:
        entry = entries.first()
        if entry is not None or access.is_person or exercise.model is NeedsAnalysis:
            item(exercise.template, entry, reverse(exercise.page, kwargs={"enrolment_id": eid}))
    elif exercise.model is DriverEntry:
        by_driver = {entry.driver: entry for entry in entries}
        for driver in Driver:
            if not access.is_person and driver.value not in by_driver:
                continue
            item(
                driver.value,
                by_driver.get(driver.value),
                reverse("journeys:driver_entry", kwargs={"enrolment_id": eid, "driver": driver.value}),
                heading=driver.label,
                description=DRIVER_TEXTS[driver.value],
            )
    else:
        name = "journeys:timeline" if exercise.model is TimelineEntry else "journeys:beliefs"
        for entry in entries:
            item(
                f"e{entry.pk}",
                entry,
                reverse(f"{name}_entry", kwargs={"enrolment_id": eid, "entry_id": entry.pk}),
                delete_url=reverse(f"{name}_delete", kwargs={"enrolment_id": eid, "entry_id": entry.pk}),
                skip=("rome_code_ogr",)
                if getattr(entry, "kind", TimelineEntry.Kind.JOB) != TimelineEntry.Kind.JOB
                else (),
            )
    return items


def _can_write(access, exercise: Exercise, entry=None) -> bool:
    if access.enrolment.status != EnrolmentStatus.ACTIVE:
        return False
    if exercise.model is NeedsAnalysis:
        return (access.is_person or access.is_coach) and not (entry and entry.confirmed_at)
    return access.is_person


def _page(request, key: str, enrolment_id: int, *, bound=None, status=200):
    exercise = EXERCISES[key]
    access = journey_or_404(request, enrolment_id, AccessLabel.EXERCISE, content=True)
    activity = selectors.tool_activity(access.journey, exercise.tool)
    if activity is None:
        raise Http404
    try:
        services.require_open(access.journey, activity)
    except ActivityLocked as error:
        return refused(request, error, enrolment_id)
    items = _items(request, access, exercise, bound)
    entry = items[0].entry if items else None
    context = {
        "access": access,
        "enrolment": access.enrolment,
        "activity": activity,
        "items": items,
        "can_write": _can_write(access, exercise, entry),
        "hidden_private": not access.is_person,
        "done": selectors.activity_done(access.journey, activity),
    }
    if key == "needs":
        context["needs"] = entry
    if key == "timeline":
        context.update(_lifeline([item.entry for item in items if item.entry is not None]))
    if key == "aspirations":
        context["contexts_source"] = contexts_source()
        context["context_labels"] = {code: label for _group, options in context_groups() for code, label in options}
    return render(request, f"journeys/{exercise.template}.html", context, status=status)


def _lifeline(entries) -> dict:
    """The timeline drawn as a line (server-side SVG) and its text equivalent, each step with its kind's name."""
    drawing = lifeline.layout([lifeline.Step(e.title, e.kind, e.start_year, e.end_year) for e in entries])
    if drawing is None:
        return {"lifeline": None}
    label = {kind: str(name) for kind, name in TimelineEntry.Kind.choices}
    return {
        "lifeline": drawing,
        "lifeline_bars": [(bar, label[bar.kind]) for bar in drawing.bars],
        "lifeline_lanes": [(label[kind], y) for kind, y in drawing.lanes],
    }


def _save(request, key: str, enrolment_id: int, *, prefix: str, pk=None, lookup=None):
    """Save one entry from its form; the htmx answer is the save-status fragment, the plain answer a redirect."""
    exercise = EXERCISES[key]
    access = journey_or_404(request, enrolment_id, AccessLabel.EXERCISE, content=True)
    stored = selectors.stored_entry(access.journey, exercise.model, pk=pk, lookup=lookup)
    if pk is not None and stored is None:
        raise Http404
    form = exercise.form_class(request.POST, prefix=prefix, **_form_kwargs(exercise, stored))
    page = reverse(exercise.page, kwargs={"enrolment_id": enrolment_id})
    if not form.is_valid():
        return _answer(request, key, enrolment_id, prefix, form, _invalid_status(form), 422)
    replace = request.POST.get(f"{prefix}-replace", "")
    version = int(replace) if replace.isdigit() else form.cleaned_data["version"]
    try:
        entry = services.save_entry(
            journey=access.journey,
            model=exercise.model,
            version=version,
            values=form.values(),
            actor=request.user,
            pk=pk,
            key=lookup,
        )
    except StaleVersion as stale:
        return _answer(request, key, enrolment_id, prefix, form, _stale_status(form, stale), 409)
    except (NotAllowed, ActivityLocked) as error:
        status = {"state": "refused", "message": error.messages[0], "version": form.cleaned_data["version"]}
        if request.htmx:
            return render(
                request, "journeys/includes/save_status.html", {"prefix": prefix, "status": status}, status=403
            )
        flow.say(request, error)
        return redirect(page)
    if request.htmx:
        return render(request, "journeys/includes/save_status.html", {"prefix": prefix, "status": _saved_status(entry)})
    messages.success(request, _("Enregistré."))
    return redirect(f"{page}#{prefix}")


def _answer(request, key, enrolment_id, prefix, form, status, code):
    if request.htmx:
        return render(request, "journeys/includes/save_status.html", {"prefix": prefix, "status": status}, status=code)
    if status["state"] == "conflict":
        # Without JavaScript: the person keeps their text and sees the newer one; saving again replaces it knowingly.
        form.add_error(None, status["message"])
    return _page(request, key, enrolment_id, bound={prefix: (form, status)})


# --- Pages -------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def needs(request, enrolment_id):
    if request.method == "POST":
        return _save(request, "needs", enrolment_id, prefix="needs", lookup={})
    return _page(request, "needs", enrolment_id)


@require_http_methods(["GET", "POST"])
@login_required
def aspirations(request, enrolment_id):
    if request.method == "POST":
        return _save(request, "aspirations", enrolment_id, prefix="aspirations", lookup={})
    return _page(request, "aspirations", enrolment_id)


@require_GET
@login_required
def drivers(request, enrolment_id):
    return _page(request, "drivers", enrolment_id)


@require_POST
@login_required
def driver_entry(request, enrolment_id, driver):
    if driver not in Driver.values:
        raise Http404
    return _save(request, "drivers", enrolment_id, prefix=driver, lookup={"driver": driver})


def _list_page(key):
    @require_http_methods(["GET", "POST"])
    @login_required
    def view(request, enrolment_id):
        if request.method == "POST":  # "Add an entry": a new empty entry, then its form
            exercise = EXERCISES[key]
            access = journey_or_404(request, enrolment_id, AccessLabel.EXERCISE, content=True)
            values = {}
            if exercise.model is TimelineEntry and request.POST.get("kind") in TimelineEntry.Kind.values:
                values["kind"] = request.POST["kind"]
            try:
                entry = services.add_entry(journey=access.journey, model=exercise.model, actor=request.user, **values)
            except ActivityLocked as error:
                return refused(request, error, enrolment_id)
            except NotAllowed as error:
                flow.say(request, error)
                return redirect(exercise.page, enrolment_id=enrolment_id)
            return redirect(reverse(exercise.page, kwargs={"enrolment_id": enrolment_id}) + f"#e{entry.pk}")
        return _page(request, key, enrolment_id)

    return view


def _entry_save(key):
    @require_POST
    @login_required
    def view(request, enrolment_id, entry_id):
        return _save(request, key, enrolment_id, prefix=f"e{entry_id}", pk=entry_id)

    return view


def _entry_delete(key):
    @require_POST
    @login_required
    def view(request, enrolment_id, entry_id):
        exercise = EXERCISES[key]
        access = journey_or_404(request, enrolment_id, AccessLabel.EXERCISE, content=True)
        if not access.is_person:
            raise PermissionDenied
        try:
            services.delete_entry(journey=access.journey, model=exercise.model, pk=entry_id, actor=request.user)
        except ActivityLocked as error:
            return refused(request, error, enrolment_id)
        except NotAllowed as error:
            flow.say(request, error)
        else:
            messages.success(request, _("L'entrée est supprimée."))
        return redirect(exercise.page, enrolment_id=enrolment_id)

    return view


timeline = _list_page("timeline")
timeline_entry = _entry_save("timeline")
timeline_delete = _entry_delete("timeline")
beliefs = _list_page("beliefs")
belief_entry = _entry_save("beliefs")
belief_delete = _entry_delete("beliefs")


DRIVER_TEXTS = {
    Driver.BE_PERFECT: gettext_lazy(
        "« Il faut que ce soit parfait. » Vous vérifiez tout, vous avez du mal à rendre un travail que vous "
        "trouvez imparfait."
    ),
    Driver.PLEASE_OTHERS: gettext_lazy(
        "« Il faut faire plaisir. » Vous avez du mal à dire non, vous pensez d'abord aux besoins des autres."
    ),
    Driver.HURRY_UP: gettext_lazy(
        "« Il faut aller vite. » Vous faites plusieurs choses à la fois, l'attente vous pèse."
    ),
    Driver.BE_STRONG: gettext_lazy(
        "« Il faut être fort·e. » Vous gardez vos émotions pour vous, vous demandez rarement de l'aide."
    ),
    Driver.TRY_HARD: gettext_lazy(
        "« Il faut faire des efforts. » Vous pensez que ce qui compte, c'est de se donner du mal, plus que le résultat."
    ),
}
