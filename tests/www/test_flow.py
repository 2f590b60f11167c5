"""The web layer's one form -> service -> refusal helper."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from openbilan.coaching.errors import CoachingRefused
from openbilan.www import flow


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "Ada"})
    assert form.is_valid()
    return form


def _refuse():
    raise CoachingRefused("too_many_files", limit=5)


def test_a_call_that_goes_through_gives_its_value_and_leaves_the_form_clean():
    form = _form()
    outcome = flow.run(form, lambda: 42)
    assert outcome and outcome.value == 42
    assert form.errors == {}


def test_a_refusal_lands_on_the_form_with_its_parameters():
    form = _form()
    outcome = flow.run(form, _refuse)
    assert not outcome
    assert outcome.refusal.code == "too_many_files"
    assert form.non_field_errors() == ["Trop de fichiers : 5 au plus par message."]
    assert form.non_field_errors().as_data()[0].code == "too_many_files"


def test_a_refusal_can_land_on_a_named_field():
    form = _form()
    assert not flow.run(form, _refuse, field="name")
    assert form.errors["name"] == ["Trop de fichiers : 5 au plus par message."]


def test_a_refusal_naming_fields_lands_on_those_the_form_has():
    form = _form()

    def refuse():
        raise ValidationError({"name": "Nom déjà pris.", "other": "Autre chose."})

    assert not flow.run(form, refuse)
    assert form.errors["name"] == ["Nom déjà pris."]
    assert form.non_field_errors() == ["Autre chose."]


def test_any_other_error_is_not_swallowed():
    form = _form()

    def broken():
        raise KeyError("bug")

    with pytest.raises(KeyError):
        flow.run(form, broken)


def test_flash_puts_each_message_in_the_next_page():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    outcome = flow.flash(request, lambda: (_ for _ in ()).throw(ValidationError(["Un.", "Deux."])))
    assert not outcome
    assert [str(message) for message in get_messages(request)] == ["Un.", "Deux."]
    assert flow.flash(request, lambda: "ok").value == "ok"
