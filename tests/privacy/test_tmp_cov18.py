from django.db import connection
from django.test.utils import CaptureQueriesContext

from openbilan.privacy import erasure, export


def test_cov(db):
    from tests.privacy.world import build

    person = build().users["beneficiary"]
    ids = list(person.enrolments.values_list("pk", flat=True))
    models = {m._meta.label_lower: m._meta.db_table for m, _q in erasure._rows_of(person, ids)}
    with CaptureQueriesContext(connection) as ctx:
        export.zip_for(person)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    print(sorted(label for label, table in models.items() if f'"{table}"' not in sql))
    print(sorted(label for label, table in models.items() if f'"{table}"' in sql))
