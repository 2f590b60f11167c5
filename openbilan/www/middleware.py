"""French by default: the language is the one the person chose (cookie), never guessed from the browser. A signed-in
person's choice is also kept on their account: their e-mails are written in it (openbilan/mail.py)."""

from django.conf import settings
from django.utils import translation

from openbilan.accounts import services as accounts


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if chosen in self.supported and user is not None and user.is_authenticated and user.language != chosen:
            accounts.remember_language(user=user, language=chosen)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.headers.get("Vary", "")
        if "Cookie" not in patch_vary:
            response.headers["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        translation.deactivate()
        return response
