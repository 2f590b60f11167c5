"""Qualiopi quality: the public offer of a programme, its published results, the operator's complaints register,
its disability referent and the accommodation requests people record with their consent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.programmes.models import Programme
from openbilan.quality import rules


class OperatorQuality(models.Model):
    """An operator's quality settings: its named disability referent and the deadlines of its complaints."""

    operator = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="quality")
    referent_name = models.CharField(_("nom du référent handicap"), max_length=150, blank=True)
    referent_email = models.EmailField(_("adresse e-mail du référent handicap"), blank=True)
    referent_phone = models.CharField(_("téléphone du référent handicap"), max_length=20, blank=True)
    acknowledge_days = models.PositiveSmallIntegerField(
        _("délai de prise en compte d'une réclamation (jours)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse à une réclamation (jours)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réglages qualité de l'opérateur")
        verbose_name_plural = _("réglages qualité des opérateurs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acknowledge_days__gte=1, answer_days__gte=1)
                & models.Q(answer_days__gte=models.F("acknowledge_days")),
                name="quality_deadlines_in_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.operator_id)

    @property
    def has_referent(self) -> bool:
        return bool(self.referent_name)


class Offer(models.Model):
    """The public page of a programme (Qualiopi indicator 1), edited and published by the operator's admins."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="offer")
    prerequisites = models.TextField(_("prérequis"), max_length=3000, blank=True)
    objectives = models.TextField(_("objectifs"), max_length=3000)
    duration = models.CharField(_("durée"), max_length=200)
    funded = models.BooleanField(
        _("financé : gratuit pour la personne"),
        default=True,
        help_text=_("Cochez si le financeur du programme paie le bilan. Sinon, indiquez le prix."),
    )
    price_eur = models.DecimalField(
        _("prix (euros TTC)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    how_to_start = models.TextField(_("comment commencer"), max_length=3000)
    accommodations = models.TextField(_("aménagements possibles"), max_length=3000, blank=True)
    contact_email = models.EmailField(_("adresse e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=20, blank=True)
    published = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offre publique")
        verbose_name_plural = _("offres publiques")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funded=True) | models.Q(price_eur__isnull=False), name="offer_price_unless_funded"
            ),
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="offer_published_with_date",
            ),
        ]
        indexes = [models.Index(fields=["published"])]

    def __str__(self) -> str:
        return str(self.programme_id)


class ResultsQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Published results cannot be edited: publish a new snapshot.")


class ResultsSnapshot(models.Model):
    """Dated results of a programme, published by the operator (Qualiopi indicator 2). Only the suppressed figures
    are stored (a count under the minimum is the string "< 11"), and a snapshot is never edited once published."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="results_snapshots")
    as_of = models.DateField(_("données arrêtées au"))
    figures = models.JSONField(_("chiffres publiés"))
    published_at = models.DateTimeField(_("publiés le"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ResultsQuerySet.as_manager()

    class Meta:
        verbose_name = _("résultats publiés")
        verbose_name_plural = _("résultats publiés")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["programme", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.programme_id} · {self.as_of}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Published results cannot be edited: publish a new snapshot.")
        super().save(*args, **kwargs)


class ComplaintState(models.TextChoices):
    RECEIVED = rules.RECEIVED, _("Reçue")
    ANALYSED = rules.ANALYSED, _("Analysée")
    ANSWERED = rules.ANSWERED, _("Répondue")
    CLOSED = rules.CLOSED, _("Clôturée")


class ComplaintCategory(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation, rendez-vous")
    CONTENT = "content", _("Contenu du bilan")
    COACHING = "coaching", _("Accompagnement")
    ACCESSIBILITY = "accessibility", _("Accessibilité, handicap")
    PLATFORM = "platform", _("Plateforme, technique")
    DATA = "data", _("Données personnelles")
    OTHER = "other", _("Autre")


class Complaint(models.Model):
    """One line of the operator's complaints register (Qualiopi indicators 31 and 32). It holds no personal data:
    who complained, what they wrote and the answer sent to them live in ComplaintStatement, which erasure deletes.
    The line (dates, deadlines, state, category, improvement action) stays for the register."""

    operator = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="complaints")
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    state = models.CharField(_("état"), max_length=10, choices=ComplaintState.choices, default=ComplaintState.RECEIVED)
    category = models.CharField(_("catégorie"), max_length=16, choices=ComplaintCategory.choices, blank=True)
    received_at = models.DateTimeField(_("reçue le"))
    acknowledge_by = models.DateField(_("à prendre en compte avant le"))
    answer_by = models.DateField(_("réponse attendue avant le"))
    analysed_at = models.DateTimeField(_("analysée le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    improvement = models.TextField(
        _("action d'amélioration"),
        max_length=3000,
        blank=True,
        help_text=_("Ce qui change pour éviter que cela se reproduise. Sans donnée personnelle."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("réclamation")
        verbose_name_plural = _("réclamations")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["operator", "state", "-received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="received") | models.Q(analysed_at__isnull=False),
                name="complaint_analysed_with_date",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["received", "analysed"]) | models.Q(answered_at__isnull=False),
                name="complaint_answered_with_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="closed") | models.Q(closed_at__isnull=False),
                name="complaint_closed_with_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"R-{self.pk:05d}" if self.pk else "R-?"

    def lateness(self, today) -> rules.Lateness:
        return rules.lateness(self.state, today, self.acknowledge_by, self.answer_by)


class ComplaintStatement(models.Model):
    """The personal part of a complaint: who filed it, what they wrote, the answer sent to them. Erasing the person
    deletes it (its foreign key to the account cascades); the register line stays, without identity or text."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="statement")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="complaint_statements",
    )
    name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("adresse e-mail"))
    body = models.TextField(_("réclamation"), max_length=5000)
    answer = models.TextField(_("réponse"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("contenu d'une réclamation")
        verbose_name_plural = _("contenus des réclamations")

    def __str__(self) -> str:
        return str(self.complaint_id)


class AccommodationKind(models.TextChoices):
    EXTRA_TIME = "extra_time", _("Plus de temps")
    LARGE_PRINT = "large_print", _("Documents en gros caractères")
    SIGN_LANGUAGE = "sign_language", _("Interprète en langue des signes")
    SCREEN_READER = "screen_reader", _("Lecteur d'écran")
    ACCESSIBLE_PLACE = "accessible_place", _("Lieu accessible")
    OTHER = "other", _("Autre besoin")


class AccommodationRequest(models.Model):
    """An accommodation a person asks for (Qualiopi indicator 26). Health data: recorded only with the person's
    explicit consent to share it with the disability referent and their coach; withdrawing deletes it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accommodation_requests"
    )
    kinds = models.JSONField(_("besoins"), default=list)
    details = models.TextField(_("précisions"), max_length=2000, blank=True)
    consented_at = models.DateTimeField(_("accord de partage donné le"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demande d'aménagement")
        verbose_name_plural = _("demandes d'aménagement")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.person_id)

    def kind_labels(self) -> list[str]:
        names = dict(AccommodationKind.choices)
        return [str(names[kind]) for kind in self.kinds if kind in names]
