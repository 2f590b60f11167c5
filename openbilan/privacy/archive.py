"""Writing into the person's export ZIP (openbilan/privacy/export.py), for the domains that add files of their own."""

import logging
import shutil
from zipfile import ZipFile

from django.core.files import File

logger = logging.getLogger(__name__)


def copy_file(archive: ZipFile, path: str, stored: File, *, what: str) -> bool:
    """Copy a stored file into the ZIP at `path`, streamed (never read whole). False when the file is missing from
    the storage: the caller lists it without a place in the ZIP, the export goes on."""
    try:
        with stored.open("rb") as source, archive.open(path, "w") as target:
            shutil.copyfileobj(source, target)
    except (OSError, ValueError):
        logger.warning("export: file missing: %s", what)
        return False
    return True
