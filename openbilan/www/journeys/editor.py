"""Journey templates for operator admins: a simple ordered list editor (add, edit, reorder activities).

The reference templates shipped with OpenBilan are read-only: an admin copies one for their organisation, edits the
copy, and chooses it for their programmes. Journeys already started keep the template they started with."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.journeys import selectors, services
from openbilan.journeys.models import Activity, JourneyTemplate
from openbilan.programmes import selectors as programme_selectors
from openbilan.programmes import services as programme_services
from openbilan.programmes.errors import NotAllowed as ProgrammeRefused
from openbilan.www import flow
from openbilan.www.journeys.access import posted as _posted
from openbilan.www.journeys.forms import ActivityForm
from openbilan.www.roles import role_required


def _programmes_for_admin(user):
    """The programmes of the operators this admin runs, with their template (journeys does not read programmes)."""
    return programme_selectors.programmes_operated_by(user).select_related("journey_template")


def _anchor(template, activity) -> str:
    return reverse("journeys:template", kwargs={"template_id": template.pk}) + f"#activity-{activity.pk}"


def _template_or_404(request, template_id) -> JourneyTemplate:
    return get_object_or_404(selectors.templates_for_admin(request.user), pk=template_id)


def _editable_or_404(request, template_id) -> JourneyTemplate:
    template = _template_or_404(request, template_id)
    if not selectors.can_edit_template(request.user, template):
        raise Http404
    return template


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def templates(request):
    return render(
        request,
        "journeys/editor/templates.html",
        {
            "templates": selectors.templates_for_admin(request.user),
            "programmes": _programmes_for_admin(request.user),
            "organisations": selectors.operator_organisations_of(request.user),
        },
    )


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def template(request, template_id):
    template = _template_or_404(request, template_id)
    return render(
        request,
        "journeys/editor/template.html",
        {
            "template": template,
            "outline": selectors.template_outline(template),
            "editable": selectors.can_edit_template(request.user, template),
            "organisations": selectors.operator_organisations_of(request.user),
        },
    )


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def template_copy(request, template_id):
    template = _template_or_404(request, template_id)
    organisations = selectors.operator_organisations_of(request.user)
    operator = organisations.filter(pk=request.POST.get("operator") or 0).first() or organisations.first()
    if operator is None:
        raise Http404
    copy = services.copy_template(template=template, operator=operator, actor=request.user)
    messages.success(request, _("Une copie modifiable est créée pour %(organisation)s.") % {"organisation": operator})
    return redirect("journeys:template", template_id=copy.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def activity_add(request, template_id, module_id):
    template = _editable_or_404(request, template_id)
    module = selectors.template_module(template, module_id)
    if module is None:
        raise Http404
    form = ActivityForm(_posted(request), weeks=template.weeks, initial={"is_active": True})
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            added := flow.run(
                form, lambda: services.save_activity(module=module, actor=request.user, **form.cleaned_data)
            )
        )
    ):
        activity = added.value
        messages.success(request, _("L'activité « %(title)s » est ajoutée.") % {"title": activity.title})
        return redirect(_anchor(template, activity))
    return render(request, "journeys/editor/activity_form.html", {"template": template, "module": module, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def activity_edit(request, template_id, activity_id):
    template = _editable_or_404(request, template_id)
    activity = selectors.template_activity(template.pk, activity_id)
    if activity is None:
        raise Http404
    initial = {name: getattr(activity, name) for name in ActivityForm.base_fields}
    form = ActivityForm(_posted(request), weeks=template.weeks, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(
            form,
            lambda: services.save_activity(
                module=activity.module, activity=activity, actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("L'activité est enregistrée."))
        return redirect(_anchor(template, activity))
    return render(
        request,
        "journeys/editor/activity_form.html",
        {"template": template, "module": activity.module, "activity": activity, "form": form},
    )


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def activity_move(request, template_id, activity_id):
    template = _editable_or_404(request, template_id)
    activity = get_object_or_404(Activity, pk=activity_id, template=template)
    services.move_activity(activity=activity, direction=request.POST.get("direction", ""), actor=request.user)
    return redirect(_anchor(template, activity))


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def programme_template(request, programme_slug):
    programme = get_object_or_404(_programmes_for_admin(request.user), slug=programme_slug)
    template_id = request.POST.get("template", "")
    if template_id and not template_id.isdigit():
        messages.error(request, _("Ce modèle de parcours n'existe pas : choisissez-en un dans la liste."))
        return redirect("journeys:templates")
    chosen = None
    if template_id:
        chosen = get_object_or_404(selectors.templates_for_admin(request.user), pk=int(template_id))
    try:
        programme_services.set_journey_template(programme=programme, template=chosen, actor=request.user)
    except ProgrammeRefused:  # another operator's template (the programme is the admin's own: fetched above)
        messages.error(request, _("Ce modèle appartient à un autre opérateur : choisissez-en un autre."))
    else:
        messages.success(request, _("Le modèle de parcours du programme est enregistré."))
    return redirect("journeys:templates")
