"""The dates of the report as a Region writes them: "chiffres au 1er décembre 2026" (in French the first day of the
month is an ordinal), "1 December 2026" in English."""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@register.filter
def long_date(value: datetime.date | None) -> str:
    if not value:
        return ""
    text = formats.date_format(value, "j F Y")
    if value.day == 1 and (get_language() or "fr").startswith("fr"):
        return "1er" + text[1:]
    return text
