"""`manage.py load_reference_data` hook: copy the instrument data files into InstrumentVersion rows, idempotently.

- Same items as a stored version: nothing to do, or its texts (names, interpretations...) are refreshed in place.
- Changed items (wording, keying, scale, response scale): a new version is stored and becomes the one offered;
  attempts already started keep the version they were given on.
"""

import sys

from django.db import transaction
from django.db.models import Max

from openbilan.assessments import definitions
from openbilan.assessments.models import InstrumentVersion


@transaction.atomic
def sync_instruments(stdout=None) -> list[str]:
    """Store every shipped instrument file; return one line per change (empty when nothing changed)."""
    changes = []
    for slug, instrument in definitions.shipped().items():
        stored = InstrumentVersion.objects.filter(slug=slug, items_hash=instrument.items_hash).first()
        if stored is None:
            latest = InstrumentVersion.objects.filter(slug=slug).aggregate(latest=Max("version"))["latest"] or 0
            number = max(instrument.version, latest + 1)
            stored = InstrumentVersion.objects.create(
                slug=slug,
                version=number,
                kind=instrument.kind,
                definition=instrument.data,
                items_hash=instrument.items_hash,
                content_hash=instrument.content_hash,
            )
            if latest == 0:
                changes.append(f"{slug}: stored as version {number}")
            else:
                note = (
                    "" if number == instrument.version else f" (the file says {instrument.version}: set it to {number})"
                )
                changes.append(f"{slug}: items changed, stored as version {number}{note}")
        elif stored.content_hash != instrument.content_hash:
            stored.definition = instrument.data
            stored.content_hash = instrument.content_hash
            stored.save(update_fields=["definition", "content_hash", "updated_at"])
            changes.append(f"{slug} v{stored.version}: texts updated (items unchanged)")
        if not stored.is_current:
            InstrumentVersion.objects.filter(slug=slug, is_current=True).update(is_current=False)
            stored.is_current = True
            stored.save(update_fields=["is_current", "updated_at"])
            changes.append(f"{slug}: version {stored.version} is now offered")
    if stdout is not None:
        stdout.write("Instruments: " + ("; ".join(changes) if changes else "up to date") + "\n")
    return changes


def load(stdout=None) -> None:
    sync_instruments(stdout=stdout if stdout is not None else sys.stdout)
