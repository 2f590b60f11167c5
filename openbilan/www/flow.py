"""The web layer's one way to run a write: the form is valid, the service is called, a refusal is shown.

Every domain refuses a write by raising a `ValidationError` (its errors.py: `CoachingRefused`, `ProjectsRefused`,
`NetworkRefused`...) whose messages are plain French, ready to show. A view never catches them itself:

    if form.is_valid() and (done := flow.run(form, lambda: services.save_offer(**form.cleaned_data))):
        return redirect(...)

`run` puts a refusal on the form (its non-field errors, or the named field); `flash` puts it in the page's messages,
for the buttons that post without a form of their own. Both answer an `Outcome`: true when the service went through,
with what it returned in `.value`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


@dataclass(frozen=True)
class Outcome:
    """What a service call gave: `value` when it went through; `refusal` (and a false outcome) when it was refused."""

    value: Any = None
    refusal: ValidationError | None = None

    def __bool__(self) -> bool:
        return self.refusal is None


def run(form, call: Callable[[], Any], *, field: str | None = None) -> Outcome:
    """Call the service; a refusal becomes errors of `form` (non-field, or `field`) and a false outcome."""
    try:
        return Outcome(value=call())
    except ValidationError as error:
        show(form, error, field=field)
        return Outcome(refusal=error)


def flash(request, call: Callable[[], Any]) -> Outcome:
    """Call the service; a refusal becomes error messages of the next page and a false outcome."""
    try:
        return Outcome(value=call())
    except ValidationError as error:
        say(request, error)
        return Outcome(refusal=error)


def show(form, error: ValidationError, *, field: str | None = None) -> None:
    """Put a refusal on a form. A refusal naming fields lands on those the form has; the rest on the form itself."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(None if field == NON_FIELD_ERRORS else field, error.error_list)


def say(request, error: ValidationError) -> None:
    """Put a refusal in the messages shown on the next page, one message each."""
    for message in error.messages:
        messages.error(request, message)
