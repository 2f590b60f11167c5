"""Write a parsed LHEO feed: everything the feed held before is deleted, then its new state is created in batches.

Called by services.import_training_offers inside one transaction. Sessions are keyed for other domains by
`Session.reference` (feed, formation, action and session keys), which a re-import of the same offer keeps.
"""

from openbilan.tablesync import BATCH
from openbilan.training.lheo import Feed, months_between
from openbilan.training.models import (
    Action,
    Formation,
    FormationCertification,
    OfferFeed,
    Session,
    TrainingOrganisation,
)

# The fields an action and its place keep under the same name as in the feed.
ACTION_FIELDS = (
    "key", "rhythm", "prerequisites", "entry_level_required", "permanent_entry", "hours_total", "hours_centre",
    "hours_company", "duration_text", "price", "funders", "conventionne", "programmes", "url",
)  # fmt: skip
PLACE_FIELDS = ("postcode", "city", "insee_code", "latitude", "longitude")


def _copied(item, names: tuple[str, ...]) -> dict:
    return {name: getattr(item, name) for name in names}


def write(feed: Feed, *, key: str, label: str, is_demo: bool, checksum: str, source: str, imported_at) -> dict:
    """Replace the feed's offers by `feed`; returns the counts."""
    counts = feed.counts()
    stored, _ = OfferFeed.objects.update_or_create(
        key=key,
        defaults={
            "label": label[:200],
            "lheo_version": feed.version,
            "is_demo": is_demo,
            "checksum": checksum,
            "source": source,
            "imported_at": imported_at,
            "counts": counts,
        },
    )
    for model in (Session, Action, FormationCertification, Formation, TrainingOrganisation):
        filters = {"formation__feed": stored} if model is FormationCertification else {"feed": stored}
        model.objects.filter(**filters).delete()

    organisations = {
        id(data): TrainingOrganisation(
            feed=stored,
            key=data.key,
            siret=data.siret,
            name=data.name,
            city=data.city,
            postcode=data.postcode,
            phone=data.phone,
            email=data.email,
            web=data.web,
        )
        for data in feed.organisations()
    }
    TrainingOrganisation.objects.bulk_create(organisations.values(), batch_size=BATCH)
    formations = [
        Formation(
            feed=stored,
            organisation=organisations[id(data.organisation)],
            key=data.key,
            title=data.title,
            objective=data.objective,
            certifying=data.certifying,
            entry_level=data.entry_level,
            exit_level=data.exit_level,
            formacodes=data.formacodes,
            nsf=data.nsf,
            rome_codes=data.rome_codes,
            cpf_code=data.cpf_code,
            contact_name=data.contact_name,
            contact_phone=data.contact_phone,
            contact_email=data.contact_email,
            url=data.url,
        )
        for data in feed.formations
    ]
    Formation.objects.bulk_create(formations, batch_size=BATCH)
    links, actions, action_data = [], [], []
    for formation, data in zip(formations, feed.formations, strict=True):
        links += [FormationCertification(formation=formation, code=code) for code in data.certification_codes]
        for item in data.actions:
            place = item.place
            actions.append(
                Action(
                    feed=stored,
                    formation=formation,
                    place_name=place.name,
                    address=place.address,
                    **_copied(item, ACTION_FIELDS),
                    **_copied(place, PLACE_FIELDS),
                )
            )
            action_data.append(item)
    FormationCertification.objects.bulk_create(links, batch_size=BATCH)
    Action.objects.bulk_create(actions, batch_size=BATCH)
    sessions = [
        Session(
            feed=stored,
            action=action,
            formation=action.formation,
            key=item.key,
            start=item.start,
            end=item.end,
            months=months_between(item.start, item.end),
            recruitment=item.recruitment,
            **_copied(item.place, PLACE_FIELDS),
        )
        for action, data in zip(actions, action_data, strict=True)
        for item in data.sessions
    ]
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    return counts
