from django.apps import AppConfig


class PrivacyWebConfig(AppConfig):
    name = "openbilan.www.privacy"
    label = "www_privacy"
