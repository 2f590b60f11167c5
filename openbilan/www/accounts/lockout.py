"""The key django-axes counts login failures under: the e-mail address as login matches it.

Login finds the account case-insensitively (`UserManager.get_by_natural_key`, `email__iexact`) after the form
strips the spaces, so `beneficiaire2@...` and `BeneFiciaire2@...` are one account: they must share one count of
failures, or each spelling would get five more tries (settings.AXES_USERNAME_CALLABLE)."""


def normalised_email(value) -> str | None:
    """The address stripped and lower-cased; None when nothing was typed (as django-axes has it without us)."""
    return str(value).strip().lower() if value is not None else None


def username_key(request, credentials=None) -> str | None:
    """The address typed, normalised, from the credentials django-axes was given or else from the POSTed form (None
    for a sign-in without an address, e.g. through an identity provider)."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalised_email(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalised_email(data.get(field))
