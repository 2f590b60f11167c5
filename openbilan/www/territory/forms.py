from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openbilan.territory import distance
from openbilan.territory.models import JobLevel

POSTCODE_ERROR = _("Le code postal a 5 chiffres, par exemple 14000.")
TRAVEL_CHOICES = (5, 10, 15, 20, 30, 40, 50, 75, 100)


def _travel_label(km: int) -> str:
    minutes = distance.minutes_estimate(km)
    return ngettext("%(km)d km, environ %(minutes)d minute", "%(km)d km, environ %(minutes)d minutes", minutes) % {
        "km": km,
        "minutes": minutes,
    }


class PostcodeForm(forms.Form):
    postcode = forms.RegexField(
        label=_("Votre code postal"),
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={"invalid": POSTCODE_ERROR, "required": POSTCODE_ERROR},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 6}),
    )


class PlaceForm(forms.Form):
    """The commune among those of the postcode, the distance the person can travel and the level of job aimed at."""

    postcode = forms.RegexField(regex=r"^\d{5}$", max_length=5, widget=forms.HiddenInput)
    commune = forms.ChoiceField(
        label=_("Votre commune"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre commune dans la liste.")},
    )
    travel_km = forms.TypedChoiceField(
        label=_("Jusqu'où pouvez-vous aller travailler ?"),
        help_text=_("Distance par la route. Le temps est une estimation en voiture, à 50 km/h de moyenne."),
        coerce=int,
        empty_value=None,
        required=False,
    )
    job_level = forms.ChoiceField(
        label=_("Quel niveau de poste visez-vous ?"),
        help_text=_("Il choisit la famille de métiers dont nous montrons les chiffres. Facultatif."),
        required=False,
        choices=[("", _("Je ne sais pas : montrer tous les niveaux")), *JobLevel.choices],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [(c.insee_code, c.name) for c in communes]
        self.fields["travel_km"].choices = [("", _("Je ne sais pas"))] + [
            (km, _travel_label(km)) for km in TRAVEL_CHOICES
        ]
