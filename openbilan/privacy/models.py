"""What the platform keeps to prove how a person's data was handled."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLabel(models.TextChoices):
    """What a staff member opened, stored as a code and translated when the person reads their access log."""

    COACH_PERSON = "coach_person", _("Accompagnement : fiche de la personne")
    COACH_THREAD = "coach_thread", _("Accompagnement : messages")
    COACH_APPOINTMENT = "coach_appointment", _("Accompagnement : rendez-vous")
    COACH_ICS = "coach_ics", _("Accompagnement : rendez-vous (fichier agenda)")
    COACH_ATTACHMENT = "coach_attachment", _("Accompagnement : pièce jointe")
    ASSIGNMENT = "assignment", _("Affectation : historique et temps du bilan")
    RESULTS = "results", _("Résultats de questionnaire")
    RESULTS_LIST = "results_list", _("Liste des questionnaires")
    SUGGESTIONS = "suggestions", _("Suggestions et réactions")
    SUGGESTION_DETAIL = "suggestion_detail", _("Suggestion de métier et ses raisons")
    SUGGESTION_TRAINING = "suggestion_training", _("Formations vers un métier suggéré")
    JOURNEY = "journey", _("Parcours du bilan")
    EXERCISE = "exercise", _("Exercice du parcours")
    PROJECTS = "projects", _("Projets et synthèse")
    PROJECT = "project", _("Projet professionnel")
    SYNTHESIS = "synthesis", _("Synthèse du bilan")
    OUTCOME = "outcome", _("Situation après le bilan")
    ACCOMMODATIONS = "accommodations", _("Demandes d'aménagement")
    API_ENROLMENT = "api_enrolment", _("Inscription lue par le logiciel de l'opérateur (API)")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Access log entries cannot be edited.")


class AccessLog(models.Model):
    """One staff access to a person's data. Rows are only ever added (professional secrecy, GDPR art. 5-2)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="accesses_made", verbose_name=_("qui")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accesses_received", verbose_name=_("personne")
    )
    what = models.CharField(_("quoi"), max_length=200)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    path = models.CharField(_("adresse"), max_length=300, blank=True)
    at = models.DateTimeField(_("quand"), auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès aux données")
        verbose_name_plural = _("accès aux données")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} → {self.subject}: {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Access log entries cannot be edited.")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """What was opened, in the reader's language (rows written before the codes keep their text)."""
        try:
            return str(AccessLabel(self.what).label)
        except ValueError:
            return self.what


class Purpose(models.TextChoices):
    """What the person may agree to. Each purpose is granted or withdrawn on its own, at any time."""

    BILAN = "bilan", _("Réaliser mon bilan")
    COACH_SHARING = "coach_sharing", _("Partager mes résultats avec mon ou ma consultant·e")
    PRESCRIBER_INFO = "prescriber_info", _("Dire à l'organisme qui m'a orienté où en est mon bilan")
    FUNDER_AGGREGATES = "funder_aggregates", _("Compter dans les statistiques anonymes du financeur")
    RESEARCH = "research", _("Servir à la recherche et aux normes, sans mon nom")
    TESTIMONIAL_PUBLICATION = "testimonial_publication", _("Publier mon témoignage")
    KEEP_DOCUMENTS = "keep_documents", _("Garder mes documents un an après la fin, pour le suivi")


class ConsentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Consent entries cannot be edited: add a new entry.")


class Consent(models.Model):
    """One decision of the person about one purpose. The ledger is only ever added to: the latest entry wins."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents", verbose_name=_("personne")
    )
    purpose = models.CharField(_("finalité"), max_length=30, choices=Purpose.choices)
    granted = models.BooleanField(_("accordé"))
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "purpose", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.purpose} {'+' if self.granted else '-'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Consent entries cannot be edited: add a new entry.")
        super().save(*args, **kwargs)


class PurgeRecord(models.Model):
    """What a purge removed, as counts only: no name, no e-mail, no content (GDPR art. 5-2 accountability)."""

    class Reason(models.TextChoices):
        ERASURE = "erasure", _("Effacement demandé par la personne")
        RETENTION = "retention", _("Fin de la durée de conservation")
        FOLLOW_UP_ENDED = "follow_up_ended", _("Fin de la conservation pour le suivi")

    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    subject_ref = models.CharField(
        _("référence"), max_length=64, help_text=_("Empreinte irréversible de l'identifiant, jamais le nom.")
    )
    counts = models.JSONField(_("lignes supprimées par type"), default=dict)
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("trace de purge")
        verbose_name_plural = _("traces de purge")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.reason} {self.subject_ref[:10]}"


class Attempt(models.Model):
    """One use of a rate-limited action (sign-up, password reset, invitation, referral, complaint).

    The rows live in the database so every application process shares the limits. `who` is a keyed hash of the
    account or the network address: nothing here names a person. Rows older than a day are purged nightly."""

    scope = models.CharField(max_length=40)
    who = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "who", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
