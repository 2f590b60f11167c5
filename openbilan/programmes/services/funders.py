"""Funder organisations, created by an operator's admin."""

import logging

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from openbilan.accounts.models import Organisation, User
from openbilan.programmes.errors import NotAllowed

logger = logging.getLogger(__name__)


# --- Funders ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_funder(*, name: str, actor: User) -> Organisation:
    """An operator admin adds a funder organisation (a Région...), so that a programme can name it. Refused for anyone
    else, and when a funder of that name (ignoring case and spaces) already exists."""
    if not actor.is_authenticated or not actor.is_operator_admin:
        raise NotAllowed()
    name = " ".join(name.split())
    if not name:
        raise NotAllowed(_("Indiquez le nom du financeur."))
    known = Organisation.objects.filter(kind=Organisation.Kind.FUNDER).values_list("name", flat=True)
    if name.casefold() in {" ".join(other.split()).casefold() for other in known}:  # "RÉGION" = "région", any DB
        raise NotAllowed(_("Ce financeur existe déjà : choisissez-le dans la liste du programme."))
    base = slugify(name)[:70] or "financeur"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    funder = Organisation.objects.create(name=name[:200], slug=slug, kind=Organisation.Kind.FUNDER)
    logger.info("funder created: organisation=%s by user=%s", funder.pk, actor.pk)
    return funder
