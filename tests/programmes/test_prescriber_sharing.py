"""Issue 16, finding 3: prescriber sharing belongs to the pair (person, prescriber organisation), and a cohort file
matches prescribers only among the programme's own, never across operators.

Reproduction: a person shares their status with France Travail Caen; the operator re-imports the row naming Mission
locale de Rouen, which then saw the status. Cohort imports matched prescriber organisations by name across all
operators, so one operator's file could attach a person to another operator's prescriber and add that prescriber to
its programme."""

import pytest

from openbilan.accounts.models import Organisation, Role
from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.models import Enrolment
from openbilan.programmes import services
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.selectors import shares_with_prescriber
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.cohort import csv_bytes, row
from tests.programmes.factories import ProgrammeFactory


@pytest.fixture
def programme(db):
    return ProgrammeFactory(cohort_prescribers=True)


def _accept_sharing(enrolment: Enrolment) -> Enrolment:
    enrolment_services.accept_invitation(
        enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
    )
    enrolment.refresh_from_db()
    return enrolment


def _follow_up_page(client, organisation: Organisation) -> str:
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=organisation))
    return client.get("/rapports/orientations/").content.decode()


def test_a_reimport_naming_another_prescriber_starts_unshared(programme, client):
    services.import_cohort(programme=programme, data=csv_bytes([row(1, last_name="Partage")]))
    enrolment = _accept_sharing(Enrolment.objects.get(external_id="P0001"))
    caen = programme.prescribers.get(name="France Travail Caen")
    assert enrolment.prescriber == caen and shares_with_prescriber(enrolment)

    report = services.import_cohort(
        programme=programme,
        data=csv_bytes(
            [row(1, last_name="Partage", prescriber_name="Mission locale de Rouen", prescriber_kind="mission_locale")]
        ),
    )
    assert report.ok and report.updated == 1
    enrolment.refresh_from_db()
    rouen = programme.prescribers.get(name="Mission locale de Rouen")
    assert enrolment.prescriber == rouen
    assert not shares_with_prescriber(enrolment)
    page = _follow_up_page(client, rouen)
    assert "Partage" in page and "Non partagé par la personne" in page and "En cours" not in page


def test_sharing_does_not_follow_a_prescriber_changed_without_the_service(programme):
    """The pair is checked on read, so no code path that changes the prescriber can carry the choice along."""
    services.import_cohort(programme=programme, data=csv_bytes([row(1)]))
    enrolment = _accept_sharing(Enrolment.objects.get(external_id="P0001"))
    enrolment.prescriber = programme.prescribers.get(name="APEC Normandie")
    enrolment.save(update_fields=["prescriber"])
    assert enrolment.shares_with_prescriber and not shares_with_prescriber(enrolment)


def test_a_file_naming_another_operators_prescriber_is_refused_and_adds_nothing(programme):
    other = ProgrammeFactory()
    theirs = OrganisationFactory(prescriber=True, name="Mission locale de Lisieux", network="mission_locale")
    other.prescribers.add(theirs)
    before = (Organisation.objects.count(), set(programme.prescribers.values_list("pk", flat=True)))
    report = services.import_cohort(
        programme=programme,
        data=csv_bytes([row(1), row(2, prescriber_name="Mission locale de Lisieux", prescriber_kind="mission_locale")]),
    )
    assert not report.applied
    assert [(p.line, p.column) for p in report.errors] == [(3, "prescriber_name")]
    assert "France Travail Caen" in report.errors[0].reason  # the names the file may use are listed
    assert (Organisation.objects.count(), set(programme.prescribers.values_list("pk", flat=True))) == before
    assert not Enrolment.objects.filter(programme=programme).exists()


def test_an_unknown_prescriber_name_is_a_row_error_and_creates_no_organisation(programme):
    before = Organisation.objects.count()
    report = services.import_cohort(
        programme=programme, data=csv_bytes([row(1, prescriber_name="Agence inventée", prescriber_kind="apec")])
    )
    assert [(p.line, p.column, p.value) for p in report.errors] == [(2, "prescriber_name", "Agence inventée")]
    assert Organisation.objects.count() == before
    assert not Enrolment.objects.exists()


def test_a_referral_only_names_a_prescriber_of_the_programme(programme):
    agency = OrganisationFactory(prescriber=True)
    adviser = UserFactory(role=Role.PRESCRIBER, role__organisation=agency)
    ProgrammeFactory(operator=OrganisationFactory()).prescribers.add(agency)  # another operator's programme
    with pytest.raises(NotAllowed):
        services.create_referral(
            programme=programme,
            prescriber=agency,
            created_by=adviser,
            first_name="Awa",
            last_name="Diallo",
            email="awa@example.org",
        )
    assert not programme.prescribers.filter(pk=agency.pk).exists()
