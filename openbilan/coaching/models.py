"""What a coach and the person they follow exchange and record: messages (with attachments), appointments, private
notes, time spent, adaptations of the bilan, contact attempts, and who follows whom over time.

Everything hangs on one enrolment (one bilan). The person's data export includes all of it, the coach's private
notes too (right of access); the selectors say who may read what.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.enrolments.models import Enrolment

TEXT_MAX = 5000


class Message(models.Model):
    """One message of the thread between a person and their coach, about one bilan."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_sent", verbose_name=_("de")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages_received",
        verbose_name=_("pour"),
    )
    body = models.TextField(_("message"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("envoyé le"), db_index=True)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    notified_at = models.DateTimeField(_("signalé par e-mail le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["enrolment", "created_at"]),
            models.Index(fields=["sender", "created_at"]),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} · enrolment {self.enrolment_id}"


def attachment_path(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT/coaching/: the person's file name is kept in the database only."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"coaching/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("nom du fichier"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)  # a key of coaching.filetypes.CONTENT_TYPES
    size = models.PositiveIntegerField(_("taille (octets)"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AppointmentKind(models.TextChoices):
    """The same codes as journeys.Interview.Mode: each one is a synchronous interview."""

    VIDEO = "video", _("En visio")
    PHONE = "phone", _("Par téléphone")
    ON_SITE = "on_site", _("Sur place")


class AppointmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    BOOKED = "booked", _("Confirmé")
    DONE = "done", _("A eu lieu")
    MISSED = "missed", _("Manqué")
    CANCELLED = "cancelled", _("Annulé")


class Appointment(models.Model):
    """A slot with the coach. Proposed slots of the same proposal are alternatives: the person accepts one, the
    others are withdrawn. A booked appointment is marked done or missed by the coach once its time has come."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="appointments")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments_held", verbose_name=_("avec")
    )
    kind = models.CharField(_("forme"), max_length=10, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("date et heure"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    status = models.CharField(_("état"), max_length=10, choices=AppointmentStatus.choices)
    location = models.CharField(_("lieu ou numéro"), max_length=300, blank=True)
    video_url = models.URLField(_("lien de la visio"), max_length=500, blank=True)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    proposal = models.UUIDField(null=True, blank=True, db_index=True)
    uid = models.CharField(max_length=100, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"))
    booked_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    settled_at = models.DateTimeField(_("état changé le"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["enrolment", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="booked") | models.Q(booked_at__isnull=False),
                name="appointment_booked_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=240),
                name="appointment_duration_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.kind} · {self.status}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class CoachNote(models.Model):
    """A coach's working note about the person. Not shown to the person on screen, but part of their data export
    (the right of access covers it): write it as if they could read it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="coach_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    body = models.TextField(_("note"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(_("écrite le"), db_index=True)

    class Meta:
        verbose_name = _("note du ou de la consultant·e")
        verbose_name_plural = _("notes des consultant·e·s")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"note {self.pk} · enrolment {self.enrolment_id}"


class TimeEntry(models.Model):
    """Coach time spent on a bilan outside appointments (preparation, synthesis writing...). With the appointments'
    durations it adds up to the time of the bilan, which may not exceed 24 hours (L6313-4, with no exception). Time
    spent after the end (the follow-up interview, R6313-4 3°) is recorded as follow-up: it is not the bilan's."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="time_entries")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("jour"))
    minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    description = models.CharField(_("quoi"), max_length=300)
    follow_up = models.BooleanField(
        _("suivi après la fin du bilan"),
        default=False,
        db_default=False,
        help_text=_("Le temps passé après la fin (l'entretien de suivi) ne compte pas dans les 24 heures du bilan."),
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("temps passé")
        verbose_name_plural = _("temps passés")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gte=5, minutes__lte=480), name="time_entry_minutes")
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.minutes} min · enrolment {self.enrolment_id}"


class AdaptationLog(models.Model):
    """A change of content or pace for this person, with its reason (Qualiopi ind. 10)."""

    class Kind(models.TextChoices):
        CONTENT = "content", _("Contenu")
        PACE = "pace", _("Rythme")
        ARRANGEMENTS = "arrangements", _("Modalités (lieu, horaires, accessibilité)")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="adaptations")
    kind = models.CharField(_("ce qui change"), max_length=20, choices=Kind.choices)
    change = models.TextField(_("le changement"), max_length=2000)
    reason = models.TextField(_("pourquoi"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason="") & ~models.Q(change=""), name="adaptation_has_change_and_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · enrolment {self.enrolment_id}"


class ContactAttempt(models.Model):
    """The coach tried to reach the person (drop-out prevention, Qualiopi ind. 12)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Téléphone")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        MESSAGE = "message", _("Messagerie OpenBilan")
        MAIL = "mail", _("Courrier")
        PRESCRIBER = "prescriber", _("Par le prescripteur")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Personne jointe")
        NO_ANSWER = "no_answer", _("Pas de réponse")
        LEFT_MESSAGE = "left_message", _("Message laissé")
        UNREACHABLE = "unreachable", _("Coordonnées invalides")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="contact_attempts")
    channel = models.CharField(_("comment"), max_length=12, choices=Channel.choices)
    outcome = models.CharField(_("résultat"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("remarque"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tentative de contact")
        verbose_name_plural = _("tentatives de contact")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} · enrolment {self.enrolment_id}"


class Assignment(models.Model):
    """Who follows a bilan, and since when: each assignment or reassignment by an operator admin. Only added."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assignments")
    from_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_coach_id} -> {self.to_coach_id} · enrolment {self.enrolment_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Assignments cannot be edited.")
        super().save(*args, **kwargs)


class MessageNotification(models.Model):
    """One e-mail that tells a person they have new messages. At most one is pending per person, and two are sent at
    least the grouping delay apart, so a burst of messages makes one e-mail."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENT = "sent", _("Envoyé")
        SKIPPED = "skipped", _("Non envoyé : messages déjà lus")
        FAILED = "failed", _("Échec de l'envoi")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient"], condition=models.Q(state="pending"), name="notification_one_pending"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "sent_at"])]

    def __str__(self) -> str:
        return f"notification {self.recipient_id} · {self.state}"
