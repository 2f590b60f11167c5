"""A publication reads back in the order it was made: the order of its tables, categories and rows is the order of the
report on the page, in the files and in the PDF. PostgreSQL's jsonb sorted the keys (shortest first), so the first
download (made from the report in memory) and the next ones (read from the database) differed."""

import datetime

from openbilan.reporting.models import Publication
from tests.programmes.factories import ProgrammeFactory


def test_a_publication_reads_back_in_the_order_it_was_made(db):
    report = {
        "segments": {"qualification": {"infra3": 1}, "age": {"under_26": 2}},
        "status": {"completed": 3, "active": 4},
    }
    made = Publication.objects.create(
        programme=ProgrammeFactory(), as_of=datetime.date(2026, 12, 1), kind="first", minimum_cell=11, report=report
    )
    again = Publication.objects.get(pk=made.pk)
    assert again.report == made.report == report
    assert list(again.report) == ["segments", "status"]
    assert list(again.report["segments"]) == ["qualification", "age"]
    assert list(again.report["status"]) == ["completed", "active"]
