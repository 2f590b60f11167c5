"""`manage.py load_reference_data` hook: import the compact copy of the certification data shipped under
data/training/ (the RNCP/RS export of 2026-02-01, its title sources newest first, ONISEP's durations), once.

Quick when nothing changed: the files' checksum is compared with the one stored by the last import.
"""

from django.conf import settings
from django.utils.translation import gettext

from openbilan.training import services

DATA_DIR = settings.BASE_DIR / "data" / "training"
EXPORT_DIR = DATA_DIR / "rncp"
# Newest first: the table de passage of November 2025, the Kit apprentissage of April 2024, the two tables of 2021;
# then ONISEP's formations for the usual durations.
TITLE_FILES = [
    DATA_DIR / "titles" / "table_de_passage_codes_certifications_et_formations_2025-11.xml.gz",
    DATA_DIR / "titles" / "Kit_apprentissage_20240426.csv.gz",
    DATA_DIR / "titles" / "rncp_info.v1.4.csv.gz",
    DATA_DIR / "titles" / "codes_diplomes.v1.4.csv.gz",
    DATA_DIR / "onisep" / "Onisep_Ideo_Fiches_Formations_25062024.xml.gz",
]


def load(stdout) -> None:
    if services.is_imported(path=EXPORT_DIR, title_files=TITLE_FILES):
        stdout.write(gettext("Certifications RNCP/RS déjà à jour (mêmes fichiers)."))
        return
    report = services.import_certifications(path=EXPORT_DIR, title_files=TITLE_FILES)
    for line in services.describe_certification_report(report):
        stdout.write(line)
