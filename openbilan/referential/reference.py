"""`manage.py load_reference_data` hook: import the compact copy shipped under data/referential/, once.

Quick when nothing changed: the files' checksum is compared with the one stored by the last import.
"""

from django.conf import settings
from django.utils.translation import gettext

from openbilan.referential import services

DATA_DIR = settings.BASE_DIR / "data" / "referential"


def load(stdout) -> None:
    if services.is_imported(directory=DATA_DIR):
        stdout.write(gettext("Référentiel ROME déjà à jour (mêmes fichiers)."))
        return
    report = services.import_referential(directory=DATA_DIR)
    for line in services.describe_report(report):
        stdout.write(line)
