"""The closing message (R6313-7): when a bilan ends, the person is told that its documents are destroyed the night
after, and offered what belongs to them first (results, synthesis, the export of all their data), with the two
three-year exceptions. Sent by the task worker; the task table holds the enrolment's id only."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

ENDED = ("completed", "dropped")


def on_transition(sender, instance, created, **kwargs) -> None:
    """post_save of enrolments.Transition: a bilan that ends (completed or stopped) after the person accepted it."""
    if not created or instance.kind != "status" or instance.to_state not in ENDED:
        return
    from openbilan.privacy.tasks import send_closing_message

    enrolment_id = instance.enrolment_id
    transaction.on_commit(lambda: send_closing_message.enqueue(enrolment_id))


def _absolute(path: str) -> str:
    return settings.OPENBILAN_BASE_URL.rstrip("/") + path


def deliver_closing_message(*, enrolment_id: int) -> str:
    from openbilan.enrolments.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, status__in=ENDED, consented_at__isnull=False)
        .select_related("beneficiary", "programme")
        .first()
    )
    if enrolment is None or not enrolment.beneficiary.is_active:
        return "not_sent"
    values = {
        "programme": enrolment.programme.name,
        "results": _absolute(reverse("assessments:list")),
        "synthesis": _absolute(reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk})),
        "export": _absolute(reverse("privacy:index")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Votre bilan est terminé : gardez vos documents")
        body = (
            _(
                "Bonjour,\n\nVotre bilan de compétences « %(programme)s » est terminé. La loi (article R6313-7 du "
                "Code du travail) fait détruire ses documents dès la fin : nous le faisons la nuit prochaine.\n\n"
                "Gardez dès maintenant ce qui vous appartient :\n"
                "- vos résultats de questionnaires : %(results)s\n"
                "- votre synthèse : %(synthesis)s\n"
                "- toutes vos données (export) : %(export)s\n\n"
                "Deux exceptions, pendant 3 ans : la synthèse que vous avez envoyée à un conseiller en évolution "
                "professionnelle (CEP), et les documents que vous avez accepté par écrit de garder pour un suivi.\n\n"
                "Votre consultant ou consultante peut vous proposer un entretien de suivi."
            )
            % values
        )
    send_mail(subject, body, None, [enrolment.beneficiary.email])
    return "sent"
