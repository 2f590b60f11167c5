"""Operator admins edit journey templates: copy the reference one, add, edit and reorder activities."""

from django.urls import reverse

from openbilan.journeys import services
from openbilan.journeys.models import Activity
from tests.accounts.factories import operator_admin
from tests.programmes.factories import ProgrammeFactory


def own_copy(admin):
    return services.copy_template(
        template=services.default_template(), operator=admin.memberships.get().organisation, actor=admin
    )


def test_the_reference_template_is_read_only_and_can_be_copied(client, db):
    admin = operator_admin()
    reference = services.default_template()
    client.force_login(admin)
    content = client.get(reverse("journeys:template", kwargs={"template_id": reference.pk})).content.decode()
    assert "lecture seule" in content and "Modifier" not in content
    response = client.post(reverse("journeys:template_copy", kwargs={"template_id": reference.pk}))
    copied = admin.memberships.get().organisation.journey_templates.get()
    assert response.url == reverse("journeys:template", kwargs={"template_id": copied.pk})


def test_an_admin_adds_an_activity_to_their_template(client, db):
    admin = operator_admin()
    template = own_copy(admin)
    module = template.phases.get(code="investigation").modules.first()
    client.force_login(admin)
    url = reverse("journeys:activity_add", kwargs={"template_id": template.pk, "module_id": module.pk})
    response = client.post(
        url,
        {
            "title_fr": "Visiter une entreprise",
            "purpose_fr": "Voir un métier sur place.",
            "kind": "field_work",
            "tool": "",
            "expected_week": "7",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert module.activities.order_by("order").last().title_fr == "Visiter une entreprise"


def test_a_week_after_the_end_of_the_journey_is_refused(client, db):
    admin = operator_admin()
    template = own_copy(admin)
    activity = template.activities.first()
    client.force_login(admin)
    url = reverse("journeys:activity_edit", kwargs={"template_id": template.pk, "activity_id": activity.pk})
    data = {"title_fr": "x", "purpose_fr": "y", "kind": "synthesis", "expected_week": "13", "is_active": "on"}
    response = client.post(url, data)
    assert "entre 1 et 12" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title_fr != "x"


def test_a_questionnaire_must_name_its_instrument(client, db):
    admin = operator_admin()
    template = own_copy(admin)
    activity = template.activities.first()
    client.force_login(admin)
    url = reverse("journeys:activity_edit", kwargs={"template_id": template.pk, "activity_id": activity.pk})
    data = {"title_fr": "Q", "purpose_fr": "y", "kind": "questionnaire", "tool": "questionnaire", "expected_week": "3"}
    assert "doit indiquer son identifiant" in client.post(url, data).content.decode()


def test_an_admin_reorders_activities(client, db):
    admin = operator_admin()
    template = own_copy(admin)
    module = template.phases.get(code="preliminary").modules.first()
    first, second = module.activities.order_by("order")
    client.force_login(admin)
    client.post(
        reverse("journeys:activity_move", kwargs={"template_id": template.pk, "activity_id": first.pk}),
        {"direction": "down"},
    )
    assert list(module.activities.order_by("order")) == [second, first]


def test_an_admin_cannot_open_another_operators_template(client, db):
    template = own_copy(operator_admin())
    client.force_login(operator_admin())
    assert client.get(reverse("journeys:template", kwargs={"template_id": template.pk})).status_code == 404
    activity = Activity.objects.filter(template=template).first()
    url = reverse("journeys:activity_edit", kwargs={"template_id": template.pk, "activity_id": activity.pk})
    assert client.post(url, {"title_fr": "x"}).status_code == 404


def test_an_admin_chooses_the_template_of_their_programme(client, db):
    admin = operator_admin()
    template = own_copy(admin)
    programme = ProgrammeFactory(operator=admin.memberships.get().organisation)
    client.force_login(admin)
    client.post(
        reverse("journeys:programme_template", kwargs={"programme_slug": programme.slug}), {"template": template.pk}
    )
    programme.refresh_from_db()
    assert programme.journey_template == template


def test_an_admin_cannot_choose_the_template_of_another_operators_programme(client, db):
    admin = operator_admin()
    programme = ProgrammeFactory()
    client.force_login(admin)
    url = reverse("journeys:programme_template", kwargs={"programme_slug": programme.slug})
    assert client.post(url, {"template": ""}).status_code == 404
