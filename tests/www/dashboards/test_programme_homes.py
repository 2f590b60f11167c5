"""The operator admin's, funder's and prescriber's home pages."""

from openbilan.accounts.models import Role
from openbilan.programmes.models import Referral
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def test_the_funder_home_leads_to_each_programmes_dashboard(client, db):
    programme = ProgrammeFactory(slug="normandie")
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    assert 'href="/rapports/normandie/"' in client.get("/financeur/").content.decode()


def test_the_funder_home_reads_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    first = ProgrammeFactory()
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=first.funder))
    with django_assert_max_num_queries(10) as few:
        client.get("/financeur/")
    for _ in range(5):
        programme = ProgrammeFactory(funder=first.funder)
        EnrolmentFactory.create_batch(2, programme=programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/financeur/")


def test_the_prescriber_home_offers_to_refer_only_when_a_programme_takes_their_referrals(client, db):
    agency = OrganisationFactory(prescriber=True)
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=agency))
    assert "Orienter une personne" not in client.get("/prescripteur/").content.decode()
    ProgrammeFactory().prescribers.add(agency)
    assert "Orienter une personne" in client.get("/prescripteur/").content.decode()


def test_the_prescriber_home_lists_a_referral_waiting_for_a_check_like_any_other(client, db):
    """Issue 16, finding 5: the prescriber never learns that the operator checks a known address or name."""
    agency = OrganisationFactory(prescriber=True)
    programme = ProgrammeFactory()
    Referral.objects.create(
        programme=programme, prescriber=agency, first_name="Léa", last_name="Attente", email="l@e.fr", state="review"
    )
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=agency))
    text = client.get("/prescripteur/").content.decode()
    assert "En cours de vérification" not in text and "Attente" in text and "Non partagé par la personne" in text


def test_the_operator_home_counts_the_referrals_to_check(client, db):
    programme = ProgrammeFactory()
    agency = OrganisationFactory(prescriber=True)
    for n in range(2):
        Referral.objects.create(
            programme=programme, prescriber=agency, first_name="A", last_name=f"B{n}", email=f"{n}@e.fr", state="review"
        )
    client.force_login(UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator))
    assert "2 orientations à vérifier" in client.get("/operateur/").content.decode()
