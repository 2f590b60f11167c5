from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "openbilan.journeys"
    label = "journeys"
    verbose_name = _("Parcours")

    def ready(self):
        from openbilan.enrolments import hooks
        from openbilan.journeys import services

        # The enrolment core sits below journeys: it tells, journeys follows (openbilan/enrolments/hooks.py).
        hooks.accepted.connect(services.start_journey, dispatch_uid="journeys_start_journey")
        hooks.started_in_bulk.connect(services.start_journeys_in_bulk, dispatch_uid="journeys_start_in_bulk")
        hooks.status_changed.connect(services.follow_status_change, dispatch_uid="journeys_status_changed")
        hooks.event.connect(services.follow_event, dispatch_uid="journeys_event")
        hooks.register_phase_reader(services.current_phase)
