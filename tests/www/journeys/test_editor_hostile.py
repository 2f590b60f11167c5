from django.urls import reverse

from tests.accounts.factories import operator_admin, verify_otp
from tests.programmes.factories import ProgrammeFactory


def test_a_non_numeric_template_choice_is_refused_with_a_message(client, db):
    admin = operator_admin()
    programme = ProgrammeFactory(operator=admin.memberships.get().organisation)
    client.force_login(admin)
    verify_otp(client, admin)
    url = reverse("journeys:programme_template", kwargs={"programme_slug": programme.slug})
    response = client.post(url, {"template": "1 OR 1=1"}, follow=True)
    assert response.status_code == 200
    assert "choisissez-en un dans la liste" in response.content.decode()
