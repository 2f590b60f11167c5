"""Forms of the questionnaire pages. Every answer arrives as text and is checked here before any save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openbilan.assessments.definitions import Item, text


class AnswerPageForm(forms.Form):
    """One radio group per item of the page. Unanswered items are allowed (the person may go back and forth);
    `require()` marks the missing ones when the person asks for the next page."""

    def __init__(self, *args, items: list[Item], labels, language: str, first_number: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(label["value"], text(label, language)) for label in labels]
        self.numbers = {}
        for offset, item in enumerate(items):
            self.fields[item.id] = forms.TypedChoiceField(
                label=item.text(language),
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Cette réponse n'est pas valide. Choisissez une des réponses.")},
            )
            self.numbers[item.id] = first_number + offset

    def answers(self) -> dict[str, int]:
        return {item_id: value for item_id, value in self.cleaned_data.items() if value not in ("", None)}

    def require(self, item_ids) -> None:
        for item_id in item_ids:
            self.add_error(item_id, _("Répondez à cette question pour continuer."))

    def questions(self):
        """(number, bound field) pairs, for the template."""
        return [(self.numbers[name], self[name]) for name in self.fields]


class MoveCardForm(forms.Form):
    """A card sort move: `move` is "<card>:up" or "<card>:down"."""

    move = forms.RegexField(regex=r"^[a-z_]{1,40}:(up|down)$", max_length=50)

    def card_and_direction(self) -> tuple[str, str]:
        card, _sep, direction = self.cleaned_data["move"].partition(":")
        return card, direction
