"""Errors of the territory domain, with messages in plain French (English in the catalogue)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openbilan.referential.sources import SourceError


class TerritoryImportError(Exception):
    """The files cannot be imported: the message names the file, the line and the reason (translated)."""

    def __init__(self, error: SourceError):
        self.source_error = error
        super().__init__(error.describe(gettext))


class UnknownCommune(ValidationError):
    def __init__(self):
        super().__init__(_("Nous ne connaissons pas cette commune. Choisissez-la dans la liste."), code="commune")


class CommuneNotInPostcode(ValidationError):
    def __init__(self):
        super().__init__(
            _("Cette commune n'a pas ce code postal. Vérifiez le code postal, puis choisissez la commune."),
            code="postcode",
        )


class InvalidTravel(ValidationError):
    def __init__(self, maximum: int):
        super().__init__(_("Indiquez une distance entre 1 et %(max)s km.") % {"max": maximum}, code="travel_km")


class InvalidJobLevel(ValidationError):
    def __init__(self):
        super().__init__(_("Choisissez un niveau de poste dans la liste."), code="job_level")
