"""Every e-mail the platform sends goes through here (modelled on Zulip's `send_email`).

A domain keeps its deliveries in its `emails.py`, run by the task worker (its `tasks.py`), and its templates in
`openbilan/<domain>/templates/<domain>/emails/`: `<name>_subject.txt` and `<name>.txt`. The text is written in the
recipient's language (`User.language`, the one they last chose on the site), never the language of whoever caused the
e-mail; dates in the platform's time zone. Links point to the public address, `settings.SITE_URL`, which
`make run` sets to the address it serves (its PORT), never to the address a request happened to use."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation


def absolute_url(path: str) -> str:
    """The public address of a path of the site ("/connexion/" -> "https://bilan.example.org/connexion/")."""
    return settings.SITE_URL.rstrip("/") + path


def language_of(person) -> str:
    """The language a person reads their e-mails in: the one they chose, else the platform's (French)."""
    chosen = getattr(person, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render(template_prefix: str, context: dict, language: str) -> tuple[str, str]:
    """The subject (one line) and the text of an e-mail, in `language`."""
    context = {"site_name": settings.OPENBILAN_SITE_NAME, **context}
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
    return subject, body


def send_templated(
    template_prefix: str,
    to: str,
    context: dict,
    language: str | None = None,
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """Render `<template_prefix>_subject.txt` and `<template_prefix>.txt` in `language` (the platform's when None)
    and send them to one address. A sending failure raises: the delivery that called decides what to keep of it."""
    subject, body = render(template_prefix, context, language or settings.LANGUAGE_CODE)
    email = EmailMessage(subject, body, None, [to])
    for filename, content, mimetype in attachments:
        email.attach(filename, content, mimetype)
    email.send()
