"""The site's own error pages: 400, 403 (and the CSRF refusal), 404, 429 and 500, in the layout, with a way back.

Django calls the handlers named in config/urls.py (handler400...) and settings.CSRF_FAILURE_VIEW. A rate limit
(privacy.throttle.Throttled) that a view does not catch reaches `ThrottledMiddleware`, which answers the 429 page with
the limit's message; django-axes' lockout page (www.accounts.views.locked_out) extends the same 429 template.

The 500 page uses neither the database nor the context processors (they may be what failed): it is rendered from a
plain dictionary, knows whether the person is signed in only if the request already loaded the account, and falls
back to a page written here if the template itself cannot be rendered.
"""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.functional import LazyObject, empty
from django.utils.html import escape
from django.views.decorators.csrf import requires_csrf_token

from openbilan.privacy.throttle import Throttled

logger = logging.getLogger(__name__)


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def csrf_failure(request, reason=""):
    """A form posted without its security token (a page left open too long, cookies blocked): say what to do."""
    logger.warning("CSRF refusal on %s: %s", request.path, reason)
    return render(request, "errors/403_csrf.html", status=403)


def too_many_requests(request, *, message: str = "", retry_after: int | None = None, template="errors/429.html"):
    """The 429 page, with the limit's own message when there is one, and how long to wait (Retry-After)."""
    response = render(request, template, {"message": message}, status=429)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


class ThrottledMiddleware:
    """A rate limit that escapes a view answers the 429 page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Throttled):
            return too_many_requests(request, message=exception.message, retry_after=exception.window)
        return None


def _known_user(request):
    """The account if the request already loaded it, else None: asking for it now could query the database."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        user = vars(user).get("_wrapped", empty)
    return None if user is empty else user


def server_error(request):
    context = {
        "request": request,
        "user": _known_user(request),
        "csrf_token": get_token(request),
        "site_name": settings.OPENBILAN_SITE_NAME,
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
        "messages": (),
    }
    try:
        return HttpResponseServerError(loader.get_template("errors/500.html").render(context))
    except Exception:
        logger.exception("the 500 page could not be rendered; the plain one is sent")
        return HttpResponseServerError(_plain_server_error(context))


def _plain_server_error(context) -> str:
    """The last resort: a page without template, still in the person's language, with its way back (the home page
    is "/", written here in case the URLs are what failed)."""
    title = translation.gettext("Le site a un problème")
    text = translation.gettext("Nous n'avons pas pu afficher cette page. Réessayez dans quelques minutes.")
    back = translation.gettext("Revenir à l'accueil")
    return (
        f'<!doctype html><html lang="{escape(context["LANGUAGE_CODE"])}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · {escape(context['site_name'])}</title></head>"
        f'<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p><p><a href="/">{escape(back)}</a></p></main>'
        "</body></html>"
    )
