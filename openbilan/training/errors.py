"""Refusals of the training domain: a file that cannot be imported, with the file, the line and the reason, translated.

The reasons are French msgids rendered at the last moment (openbilan.referential.sources.Message), so the same
error reads in French or in English.
"""

from django.utils.translation import gettext

from openbilan.referential.sources import SourceError


class TrainingImportError(Exception):
    """A file cannot be imported; nothing was written. The message names the file, the line and the reason."""

    def __init__(self, error: SourceError):
        self.source_error = error
        super().__init__(error.describe(gettext))

    @property
    def line(self) -> int | None:
        return self.source_error.line

    @property
    def file(self) -> str:
        return self.source_error.file


class CertificationImportError(TrainingImportError):
    """The RNCP/RS export or a title source cannot be imported."""


class OfferImportError(TrainingImportError):
    """An LHEO feed cannot be imported (not XML, not LHEO 2.2 or 2.3, invalid against the schema, a bad value)."""
