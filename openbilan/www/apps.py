from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "openbilan.www"
    label = "www"
    verbose_name = "Web"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from openbilan.www.accounts.middleware import start_session_clock

        # Issue 16: the inactivity timeout's clock starts at sign-in.
        user_logged_in.connect(start_session_clock, dispatch_uid="openbilan_session_clock")
