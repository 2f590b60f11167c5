"""The technical Django admin cannot read a person's bilan: only accounts, organisations and technical tables are
registered there, so answers, scores, exercises, messages, notes and syntheses have no admin page at all."""

from django.contrib import admin

ALLOWED = {
    "accounts.Organisation",
    "accounts.User",
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "django_tasks_database.DBTaskResult",
    "otp_totp.TOTPDevice",
}


def test_no_content_model_is_registered_in_the_admin():
    registered = {f"{model._meta.app_label}.{model.__name__}" for model in admin.site._registry}
    assert registered <= ALLOWED, sorted(registered - ALLOWED)


def test_the_user_admin_shows_no_field_beyond_the_account():
    from openbilan.accounts.models import User

    model_admin = admin.site._registry[User]
    shown = {name for _title, options in model_admin.fieldsets for name in options["fields"]}
    related = {f.name for f in User._meta.get_fields() if f.is_relation and not f.concrete}
    assert not shown & related
