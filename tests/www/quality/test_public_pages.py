"""Public quality pages: the offers, an offer with its latest results, the complaint form for anyone."""

import pytest

from openbilan.quality import services
from openbilan.quality.models import Complaint
from tests.accounts.factories import beneficiary
from tests.quality.factories import admin_of, cohort, published_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return published_offer(funded=True, prerequisites="Être inscrit·e à France Travail.")


def test_anyone_reads_a_published_offer_with_its_funder_and_referent(client, offer):
    programme = offer.programme
    services.save_operator_quality(
        operator=programme.operator,
        actor=admin_of(programme),
        referent_name="Nora Diallo",
        referent_email="nora@example.org",
        referent_phone="0231000000",
        acknowledge_days=2,
        answer_days=15,
    )
    page = client.get(f"/qualite/offres/{programme.slug}/").content.decode()
    assert "Être inscrit·e à France Travail." in page
    assert f"Financé par {programme.funder.name} : gratuit pour vous." in page
    assert "Nora Diallo" in page and "nora@example.org" in page


def test_an_unpublished_offer_is_not_found(client, offer):
    programme = offer.programme
    services.set_offer_published(programme=programme, actor=admin_of(programme), published=False)
    assert client.get(f"/qualite/offres/{programme.slug}/").status_code == 404


def test_the_offer_shows_the_latest_results_with_their_date_and_population(client, offer):
    programme = offer.programme
    services.publish_results(programme=programme, actor=None)
    cohort(programme, completed=16, active=14, satisfied=12)
    latest = services.publish_results(programme=programme, actor=None)
    page = client.get(f"/qualite/offres/{programme.slug}/").content.decode()
    assert latest.as_of.strftime("%d/%m/%Y") in page
    assert "53,3" in page and "sur 30 personnes inscrites" in page
    assert "sur 12 réponses" in page


def test_a_result_withheld_to_protect_a_small_one_does_not_say_fewer_than_eleven(client, offer):
    # 16 completed beside 4 still in progress and 0 dropped: the 16 would give the 4 away by subtraction
    cohort(offer.programme, completed=16, active=4, satisfied=12)
    services.publish_results(programme=offer.programme, actor=None)
    page = client.get(f"/qualite/offres/{offer.programme.slug}/").content.decode()
    assert "masqué pour protéger une petite case" in page
    assert "moins de 11 personnes : chiffre non publié" not in page


def test_results_of_a_small_programme_say_fewer_than_the_threshold(client, offer):
    cohort(offer.programme, completed=3, satisfied=3)
    services.publish_results(programme=offer.programme, actor=None)
    page = client.get(f"/qualite/offres/{offer.programme.slug}/").content.decode()
    assert "moins de 11 personnes : chiffre non publié" in page
    assert "moins de 11 réponses : chiffre non publié" in page


def test_the_offer_list_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(3):
        published_offer()
    with django_assert_num_queries(1):  # one query for the offers with their programme, operator and funder
        client.get("/qualite/")


def test_an_anonymous_visitor_files_a_complaint_with_an_email(client, offer):
    response = client.post(
        "/qualite/reclamation/",
        {"programme": offer.programme.pk, "email": "lou@example.org", "name": "Lou", "body": "Pas de réponse."},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.operator == offer.programme.operator
    assert complaint.statement.email == "lou@example.org" and complaint.statement.person is None


def test_a_complaint_without_email_is_refused_with_a_message(client, offer):
    response = client.post("/qualite/reclamation/", {"programme": offer.programme.pk, "body": "Texte"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_public_complaint_form_is_rate_limited(client, offer, settings):
    settings.OPENBILAN_RATE_LIMITS = {"complaint": (2, 3600)}
    data = {"programme": offer.programme.pk, "email": "lou@example.org", "body": "Texte"}
    for _ in range(2):
        assert client.post("/qualite/reclamation/", data).status_code == 302
    response = client.post("/qualite/reclamation/", data)
    assert "Trop de demandes" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_a_signed_in_person_files_and_follows_their_complaint(client, offer):
    person = beneficiary()
    client.force_login(person)
    client.post("/qualite/reclamation/", {"programme": offer.programme.pk, "body": "Le lien ne marche pas."})
    page = client.get("/qualite/mes-reclamations/").content.decode()
    assert "Le lien ne marche pas." in page and "Reçue" in page
    assert Complaint.objects.get().statement.email == person.email


def test_the_offer_page_is_translated_into_english(client, offer, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/qualite/offres/{offer.programme.slug}/").content.decode()
    assert f"Funded by {offer.programme.funder.name}: free for you." in page
    assert "Make a complaint" in page
