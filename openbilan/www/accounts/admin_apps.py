"""The technical Django admin's app config: the default admin site is `admin_site.TwoFactorAdminSite` (Django's
documented way to override the default site; listed in INSTALLED_APPS instead of django.contrib.admin)."""

from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    default_site = "openbilan.www.accounts.admin_site.TwoFactorAdminSite"
