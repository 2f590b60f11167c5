"""Typo-tolerant occupation search: enable PostgreSQL's pg_trgm (trigram similarity, see referential/search.py).

Django's CreateExtension does nothing on other databases, so SQLite (which uses difflib instead) is untouched.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referential", "0001_initial")]

    operations = [TrigramExtension()]
