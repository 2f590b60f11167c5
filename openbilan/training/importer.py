"""Write a validated Catalogue to the database: update in place, keyed on the certification codes, in batches.

Called by services.import_certifications inside one transaction; a second import of the same files writes nothing.
A certification that leaves the export is kept, with the status `withdrawn`, so that anything pointing at it stays
valid; its links (ROME codes, blocs, certifiers, replacements) go.
"""

from openbilan.tablesync import Change, code_sync, pair_key, sync
from openbilan.training.catalogue import Catalogue
from openbilan.training.models import Bloc, Certification, CertificationRomeCode, Certifier, Replacement, Status

CERTIFICATION_FIELDS = [
    "code", "registry", "number", "title", "title_source", "level", "level_source", "kind", "is_active",
    "active_source", "valid_until", "vae", "typical_months", "nsf", "formacodes", "status",
]  # fmt: skip


def write(catalogue: Catalogue) -> dict[str, Change]:
    """Write the whole catalogue; the caller holds the transaction."""
    changes: dict[str, Change] = {}
    wanted = dict(catalogue.certifications)
    for stored in Certification.objects.exclude(code__in=list(wanted)).values(*CERTIFICATION_FIELDS).iterator():
        wanted[stored["code"]] = {**stored, "status": Status.WITHDRAWN}
    pks, changes["certifications"] = code_sync(Certification, "code", wanted, CERTIFICATION_FIELDS)

    names = ("certification_id", "code")
    rows = {
        (pks[cert], code): {"certification_id": pks[cert], "code": code, "scope": scope}
        for (cert, code), scope in catalogue.rome_codes.items()
    }
    _, changes["rome_codes"] = sync(CertificationRomeCode, pair_key(names), rows, [*names, "scope"])

    rows = {
        (pks[cert], code): {"certification_id": pks[cert], "code": code, "label": label}
        for (cert, code), label in catalogue.blocs.items()
    }
    _, changes["blocs"] = sync(Bloc, pair_key(names), rows, [*names, "label"])

    names = ("certification_id", "siret")
    rows = {
        (pks[cert], siret): {"certification_id": pks[cert], "siret": siret, "name": name}
        for (cert, siret), name in catalogue.certifiers.items()
    }
    _, changes["certifiers"] = sync(Certifier, pair_key(names), rows, [*names, "name"])

    names = ("old_id", "new_id")
    rows = {(pks[old], pks[new]): {"old_id": pks[old], "new_id": pks[new]} for old, new in catalogue.replacements}
    _, changes["replacements"] = sync(Replacement, pair_key(names), rows, list(names))
    return changes
