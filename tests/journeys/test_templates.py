"""Journey templates: the data file loader (idempotent), and the operator admins' editing rules."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest

from openbilan.journeys import reference, services
from openbilan.journeys.errors import NotAllowed
from openbilan.journeys.models import Activity, JourneyTemplate
from openbilan.programmes import services as programme_services
from openbilan.programmes.errors import NotAllowed as ProgrammeRefused
from tests.accounts.factories import operator_admin
from tests.journeys.factories import invited, started_journey
from tests.programmes.factories import ProgrammeFactory

SMALL = json.loads((Path(__file__).parent / "fixtures" / "small-template.json").read_text(encoding="utf-8"))


def test_a_template_file_loads_in_order(db):
    template, changed = services.import_template(data=SMALL)
    assert changed
    slugs = list(Activity.objects.filter(template=template).values_list("slug", flat=True))
    assert slugs == ["besoins", "ligne", "riasec", "synthese"]
    assert Activity.objects.get(slug="riasec").instrument_slug == "riasec-markers-48"


def test_loading_the_same_file_twice_changes_nothing(db, django_assert_max_num_queries):
    services.import_template(data=SMALL)
    with django_assert_max_num_queries(3):  # a savepoint, one read, its release
        _template, changed = services.import_template(data=SMALL)
    assert not changed
    assert Activity.objects.count() == 4


def test_an_activity_removed_from_the_file_is_retired_not_deleted(db):
    services.import_template(data=SMALL)
    smaller = copy.deepcopy(SMALL)
    smaller["phases"][1]["modules"][0]["activities"].pop()
    services.import_template(data=smaller)
    assert not Activity.objects.get(slug="riasec").is_active
    assert Activity.objects.count() == 4


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["phases"].pop(1),
        lambda d: d["phases"][0]["modules"][0]["activities"][0].update(kind="magic"),
        lambda d: d["phases"][1]["modules"][0]["activities"][1].pop("instrument"),
        lambda d: d["phases"][2]["modules"][0]["activities"][0].update(week=9),
        lambda d: d["phases"][2]["modules"][0]["activities"][0].update(slug="ligne"),
    ],
)
def test_a_broken_template_file_is_refused_whole(db, breakage):
    data = copy.deepcopy(SMALL)
    breakage(data)
    with pytest.raises(services.TemplateFileError):
        services.import_template(data=data)
    assert not JourneyTemplate.objects.exists()


def test_the_shipped_bilan_12_semaines_loads_and_follows_the_three_phases(db):
    out = StringIO()
    template = reference.load(out)
    assert "loaded (20 activities)" in out.getvalue()
    assert list(template.phases.values_list("code", flat=True)) == ["preliminary", "investigation", "conclusions"]
    assert template.weeks == 12
    assert all(a.purpose_fr and a.purpose_en and a.title_en for a in template.activities.all())
    reference.load(out)
    assert "unchanged" in out.getvalue()


def test_an_admin_copies_the_reference_template_and_edits_the_copy(db):
    admin = operator_admin()
    organisation = admin.memberships.get().organisation
    reference_template = services.default_template()
    with pytest.raises(NotAllowed):
        services.save_activity(module=reference_template.phases.first().modules.first(), actor=admin, title_fr="x")
    copied = services.copy_template(template=reference_template, operator=organisation, actor=admin)
    assert copied.activities.count() == reference_template.activities.count()
    module = copied.phases.get(code="investigation").modules.first()
    added = services.save_activity(
        module=module,
        actor=admin,
        title_fr="Visite d'entreprise",
        purpose_fr="Voir un atelier.",
        kind="field_work",
        tool="",
        instrument_slug="",
        expected_week=6,
    )
    assert added.order == module.activities.count() and added.slug == "visite-dentreprise"


def test_reordering_swaps_neighbours(db):
    admin = operator_admin()
    copied = services.copy_template(
        template=services.default_template(), operator=admin.memberships.get().organisation, actor=admin
    )
    module = copied.phases.get(code="preliminary").modules.first()
    first, second = module.activities.order_by("order")
    services.move_activity(activity=second, direction="up", actor=admin)
    assert list(module.activities.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]
    services.move_activity(activity=second, direction="up", actor=admin)  # already first: nothing moves
    assert list(module.activities.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_another_operators_admin_cannot_edit_or_copy_into_someone_elses_organisation(db):
    owner, stranger = operator_admin(), operator_admin()
    copied = services.copy_template(
        template=services.default_template(), operator=owner.memberships.get().organisation, actor=owner
    )
    with pytest.raises(NotAllowed):
        services.move_activity(activity=copied.activities.first(), direction="down", actor=stranger)
    with pytest.raises(NotAllowed):
        services.copy_template(template=copied, operator=owner.memberships.get().organisation, actor=stranger)


def test_a_programme_uses_its_template_for_new_journeys_only(db):
    admin = operator_admin()
    organisation = admin.memberships.get().organisation
    programme = ProgrammeFactory(operator=organisation)
    before = started_journey(programme=programme)
    copied = services.copy_template(template=services.default_template(), operator=organisation, actor=admin)
    programme_services.set_journey_template(programme=programme, template=copied, actor=admin)
    after = started_journey(programme=programme)
    before.refresh_from_db()
    assert (before.template.slug, after.template) == ("bilan-12-semaines", copied)


def test_a_programme_cannot_take_another_operators_template(db):
    admin = operator_admin()
    programme = ProgrammeFactory(operator=admin.memberships.get().organisation)
    other_admin = operator_admin()
    foreign = services.copy_template(
        template=services.default_template(), operator=other_admin.memberships.get().organisation, actor=other_admin
    )
    with pytest.raises(ProgrammeRefused):
        programme_services.set_journey_template(programme=programme, template=foreign, actor=admin)
    with pytest.raises(ProgrammeRefused):
        programme_services.set_journey_template(programme=programme, template=None, actor=other_admin)
    assert invited(programme=programme).programme.journey_template is None
