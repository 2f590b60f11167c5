"""Journey templates: the reference templates loaded from their data file, operators' copies, and their activities."""

import hashlib
import json
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import translation

from openbilan.accounts.models import Organisation, User
from openbilan.journeys import machine, selectors
from openbilan.journeys.errors import NotAllowed
from openbilan.journeys.models import (
    Activity,
    ActivityKind,
    JourneyTemplate,
    Module,
    Tool,
)
from openbilan.journeys.models import Phase as TemplatePhase

DEFAULT_TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "data" / "bilan-12-semaines.json"
DEFAULT_TEMPLATE_SLUG = selectors.DEFAULT_TEMPLATE_SLUG


# --- Journey templates -------------------------------------------------------------------------------------------


class TemplateFileError(ValueError):
    pass


def _check_template_data(data: dict) -> None:
    phases = [phase.get("code") for phase in data.get("phases", [])]
    if phases != [phase.value for phase in machine.PHASE_ORDER]:
        raise TemplateFileError(f"phases must be exactly {[p.value for p in machine.PHASE_ORDER]}, got {phases}")
    slugs = set()
    for phase in data["phases"]:
        for module in phase["modules"]:
            for activity in module["activities"]:
                if activity["slug"] in slugs:
                    raise TemplateFileError(f"activity slug {activity['slug']!r} appears twice")
                slugs.add(activity["slug"])
                if activity["kind"] not in ActivityKind.values:
                    raise TemplateFileError(f"activity {activity['slug']!r}: unknown kind {activity['kind']!r}")
                if activity.get("tool", "") not in Tool.values:
                    raise TemplateFileError(f"activity {activity['slug']!r}: unknown tool {activity['tool']!r}")
                if activity.get("tool") == Tool.QUESTIONNAIRE and not activity.get("instrument"):
                    raise TemplateFileError(f"activity {activity['slug']!r}: a questionnaire names its instrument")
                if not 1 <= int(activity["week"]) <= int(data.get("weeks", 12)):
                    raise TemplateFileError(f"activity {activity['slug']!r}: week outside the journey")


def _texts(item: dict) -> dict:
    return {
        "title_fr": item["title_fr"],
        "title_en": item.get("title_en", ""),
        "purpose_fr": item.get("purpose_fr", ""),
        "purpose_en": item.get("purpose_en", ""),
    }


@transaction.atomic
def import_template(*, data: dict) -> tuple[JourneyTemplate, bool]:
    """Create or refresh a reference template from its data file. Safe to run twice; quick when nothing changed.

    Activities that left the file are retired (kept for the journeys that followed them), never deleted."""
    _check_template_data(data)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    template = JourneyTemplate.objects.filter(slug=data["slug"]).first()
    if template is not None and template.source_hash == digest:
        return template, False
    if template is not None and not template.is_reference:
        raise TemplateFileError(f"template {data['slug']!r} belongs to an operator: the file cannot overwrite it")
    template, _created = JourneyTemplate.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name_fr": data["name_fr"],
            "name_en": data.get("name_en", ""),
            "weeks": data.get("weeks", 12),
            "operator": None,
            "source_hash": digest,
        },
    )
    kept = set()
    for phase_order, phase_data in enumerate(data["phases"], start=1):
        phase, _ = TemplatePhase.objects.update_or_create(
            template=template, code=phase_data["code"], defaults={"order": phase_order, **_texts(phase_data)}
        )
        for module_order, module_data in enumerate(phase_data["modules"], start=1):
            module, _ = Module.objects.update_or_create(
                phase=phase, slug=module_data["slug"], defaults={"order": module_order, **_texts(module_data)}
            )
            for order, item in enumerate(module_data["activities"], start=1):
                Activity.objects.update_or_create(
                    template=template,
                    slug=item["slug"],
                    defaults={
                        "module": module,
                        "order": order,
                        "kind": item["kind"],
                        "tool": item.get("tool", ""),
                        "instrument_slug": item.get("instrument", ""),
                        "expected_week": item["week"],
                        "is_active": True,
                        **_texts(item),
                    },
                )
                kept.add(item["slug"])
    template.activities.exclude(slug__in=kept).update(is_active=False)
    return template, True


def load_template_file(path: Path = DEFAULT_TEMPLATE_FILE) -> tuple[JourneyTemplate, bool]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TemplateFileError(f"{path}: {error}") from error
    return import_template(data=data)


def default_template() -> JourneyTemplate:
    """The shipped "Bilan 12 semaines", loaded from its data file the first time it is needed."""
    template = JourneyTemplate.objects.filter(slug=DEFAULT_TEMPLATE_SLUG).first()
    return template or load_template_file()[0]


def _require_template_editor(template: JourneyTemplate, actor: User) -> None:
    if not selectors.can_edit_template(actor, template):
        raise NotAllowed()


@transaction.atomic
def copy_template(*, template: JourneyTemplate, operator: Organisation, actor: User) -> JourneyTemplate:
    """An editable copy of a template for one operator organisation (the reference templates are read-only)."""
    if operator not in selectors.operator_organisations_of(actor):
        raise NotAllowed()
    base = f"{operator.slug}-{template.slug}"[:70]
    slug, n = base, 1
    while JourneyTemplate.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = JourneyTemplate.objects.create(
        slug=slug,
        name_fr=template.name_fr,
        name_en=template.name_en,
        weeks=template.weeks,
        operator=operator,
        copied_from=template,
    )
    for phase in template.phases.prefetch_related("modules__activities"):
        new_phase = TemplatePhase.objects.create(template=copy, code=phase.code, order=phase.order, **_bilingual(phase))
        for module in phase.modules.all():
            new_module = Module.objects.create(
                phase=new_phase, slug=module.slug, order=module.order, **_bilingual(module)
            )
            Activity.objects.bulk_create(
                Activity(
                    template=copy,
                    module=new_module,
                    slug=activity.slug,
                    order=activity.order,
                    kind=activity.kind,
                    tool=activity.tool,
                    instrument_slug=activity.instrument_slug,
                    expected_week=activity.expected_week,
                    is_active=activity.is_active,
                    **_bilingual(activity),
                )
                for activity in module.activities.all()
            )
    return copy


def _bilingual(item) -> dict:
    return {name: getattr(item, name) for name in ("title_fr", "title_en", "purpose_fr", "purpose_en")}


ACTIVITY_FIELDS = (
    "title_fr",
    "title_en",
    "purpose_fr",
    "purpose_en",
    "kind",
    "tool",
    "instrument_slug",
    "expected_week",
)


@transaction.atomic
def save_activity(*, module: Module, actor: User, activity: Activity | None = None, **fields) -> Activity:
    """Add an activity at the end of a module, or edit one. Only an admin of the template's operator may."""
    template = module.phase.template
    _require_template_editor(template, actor)
    unknown = set(fields) - {*ACTIVITY_FIELDS, "is_active"}
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    if fields.get("expected_week") and fields["expected_week"] > template.weeks:
        raise NotAllowed(
            translation.gettext("La semaine prévue doit être entre 1 et %(weeks)s.") % {"weeks": template.weeks}
        )
    if activity is None:
        order = (module.activities.aggregate(last=Max("order"))["last"] or 0) + 1
        base = _slugify(fields.get("title_fr", "activite"))
        slug, n = base, 1
        while template.activities.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return Activity.objects.create(template=template, module=module, slug=slug, order=order, **fields)
    if activity.module_id != module.pk:
        raise NotAllowed()
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    return activity


def _slugify(text: str) -> str:
    from django.utils.text import slugify

    return (slugify(text) or "activite")[:60]


@transaction.atomic
def move_activity(*, activity: Activity, direction: str, actor: User) -> Activity:
    """Swap an activity with its neighbour in the same module ("up" or "down")."""
    _require_template_editor(activity.template, actor)
    siblings = list(Activity.objects.select_for_update().filter(module=activity.module_id).order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == activity.pk)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if other is None or not 0 <= other < len(siblings):
        return activity
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            Activity.objects.filter(pk=sibling.pk).update(order=order)
    activity.refresh_from_db()
    return activity
