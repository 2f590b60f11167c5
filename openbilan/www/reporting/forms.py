from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.reporting.selectors import DIMENSIONS
from openbilan.www.reporting.labels import SEGMENTS

DEFAULT_SEGMENT = "age_band"


class SegmentForm(forms.Form):
    segment = forms.ChoiceField(
        label=_("Découper par"), choices=[(key, SEGMENTS[key]) for key in DIMENSIONS], required=False
    )

    def dimension(self) -> str:
        if self.is_valid() and self.cleaned_data["segment"]:
            return self.cleaned_data["segment"]
        return DEFAULT_SEGMENT


class PublicationForm(forms.Form):
    """Which figures: a publication by its date (?au=2026-12-01), or the funder's view for an operator (?vue=…)."""

    au = forms.DateField(required=False)
    vue = forms.ChoiceField(choices=[("publication", "publication")], required=False)
