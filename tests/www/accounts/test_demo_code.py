import pytest
from django.core.management import CommandError, call_command

from openbilan.demo import load_demo
from tests.accounts.factories import PASSWORD, coach


@pytest.mark.two_factor
def test_demo_code_lets_a_demo_coach_pass_the_second_factor(client, db, capsys):
    load_demo()
    client.post("/compte/connexion/", {"username": "coach@demo.openbilan.fr", "password": "demo-openbilan-2026"})
    assert client.get("/consultant/").status_code == 302  # the second factor is still missing
    call_command("demo_code", "coach@demo.openbilan.fr")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post("/compte/double-authentification/", {"token": code})
    assert response.status_code == 302
    assert client.get("/consultant/").status_code == 200


def test_demo_code_refuses_a_real_account(db):
    person = coach(email="vraie.personne@example.org")
    assert person.check_password(PASSWORD)
    with pytest.raises(CommandError, match="Only demo accounts"):
        call_command("demo_code", person.email)
