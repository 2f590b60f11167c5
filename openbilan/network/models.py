"""Meeting professionals: the volunteers who meet beneficiaries for an "enquête métier", and the meetings themselves.

A professional belongs to the network of one operator (they were invited by it, or signed up and were approved by
one of its admins). They list the occupations (ROME codes) they can talk about, their region, when they are free
and how they prefer to meet. A beneficiary asks for a meeting; the professional accepts or declines; they exchange
a few messages and set the meeting; afterwards the beneficiary writes a debrief (it counts as field evidence for
their project) and the professional may leave a short feedback.

Professionals never see any bilan content: a meeting carries only the request the person wrote, their first name,
the occupation and the exchange of the two parties.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.referential.models import Occupation

TEXT_SHORT = 1000


class Region(models.TextChoices):
    AUVERGNE_RHONE_ALPES = "ara", _("Auvergne-Rhône-Alpes")
    BOURGOGNE_FRANCHE_COMTE = "bfc", _("Bourgogne-Franche-Comté")
    BRETAGNE = "bre", _("Bretagne")
    CENTRE_VAL_DE_LOIRE = "cvl", _("Centre-Val de Loire")
    CORSE = "cor", _("Corse")
    GRAND_EST = "ges", _("Grand Est")
    HAUTS_DE_FRANCE = "hdf", _("Hauts-de-France")
    ILE_DE_FRANCE = "idf", _("Île-de-France")
    NORMANDIE = "nor", _("Normandie")
    NOUVELLE_AQUITAINE = "naq", _("Nouvelle-Aquitaine")
    OCCITANIE = "occ", _("Occitanie")
    PAYS_DE_LA_LOIRE = "pdl", _("Pays de la Loire")
    PROVENCE_ALPES_COTE_D_AZUR = "pac", _("Provence-Alpes-Côte d'Azur")
    GUADELOUPE = "gua", _("Guadeloupe")
    MARTINIQUE = "mtq", _("Martinique")
    GUYANE = "guy", _("Guyane")
    LA_REUNION = "lre", _("La Réunion")
    MAYOTTE = "may", _("Mayotte")
    REMOTE = "remote", _("À distance, toute la France")


class ContactMode(models.TextChoices):
    PHONE = "phone", _("Par téléphone")
    VIDEO = "video", _("En visio")
    IN_PERSON = "in_person", _("En personne, sur mon lieu de travail")
    ANY = "any", _("Peu importe")


class ProfessionalProfile(models.Model):
    """A volunteer professional in one operator's network."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        APPROVED = "approved", _("Validé·e")
        REFUSED = "refused", _("Refusé·e")
        PAUSED = "paused", _("En pause : ne reçoit pas de demandes")

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Sur invitation")
        SIGNUP = "signup", _("Inscription validée par l'opérateur")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional")
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="professionals", verbose_name=_("réseau de l'opérateur")
    )
    headline = models.CharField(_("votre métier aujourd'hui"), max_length=150)
    employer = models.CharField(_("votre entreprise (facultatif)"), max_length=150, blank=True)
    region = models.CharField(_("région"), max_length=8, choices=Region.choices)
    availability = models.CharField(
        _("vos disponibilités"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : le mardi après 17 h, une fois par mois."),
    )
    contact_mode = models.CharField(
        _("comment préférez-vous échanger ?"), max_length=10, choices=ContactMode.choices, default=ContactMode.ANY
    )
    occupations = models.ManyToManyField(
        Occupation, through="ProfessionalOccupation", related_name="+", verbose_name=_("métiers")
    )
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    source = models.CharField(_("origine"), max_length=12, choices=Source.choices)
    motivation = models.TextField(_("pourquoi souhaitez-vous rejoindre le réseau ?"), blank=True, max_length=TEXT_SHORT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("professionnel·le")
        verbose_name_plural = _("professionnel·le·s")
        indexes = [models.Index(fields=["operator", "state"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.headline}"

    @property
    def public_name(self) -> str:
        """What a beneficiary sees: first name and the initial of the last name."""
        user = self.user
        initial = f" {user.last_name[:1]}." if user.last_name else ""
        return f"{user.first_name}{initial}".strip() or str(_("Professionnel·le"))


class ProfessionalOccupation(models.Model):
    profile = models.ForeignKey(ProfessionalProfile, on_delete=models.CASCADE, related_name="occupation_links")
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("métier d'un·e professionnel·le")
        verbose_name_plural = _("métiers des professionnel·le·s")
        constraints = [models.UniqueConstraint(fields=["profile", "occupation"], name="professional_occupation_once")]

    def __str__(self) -> str:
        return f"{self.profile_id} · {self.occupation_id}"


class Invitation(models.Model):
    """An operator admin invites a professional by e-mail. Only the hash of the link's token is kept."""

    operator = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="professional_invitations")
    email = models.EmailField(_("adresse e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation d'un·e professionnel·le")
        verbose_name_plural = _("invitations de professionnel·le·s")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} · {self.operator_id}"


class Meeting(models.Model):
    """One request for an informational interview, from its asking to its debrief."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Demande envoyée")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")
        CANCELLED = "cancelled", _("Annulée")
        DONE = "done", _("A eu lieu")

    class Outcome(models.TextChoices):
        CONFIRMS = "confirms", _("Elle confirme mon projet")
        NUANCES = "nuances", _("Elle nuance mon projet")
        CHANGES = "changes", _("Elle remet en cause mon projet")

    beneficiary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings")
    # A professional who leaves (or erases their account) does not take the person's field evidence with them.
    professional = models.ForeignKey(ProfessionalProfile, on_delete=models.SET_NULL, null=True, related_name="meetings")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("métier"))
    request = models.TextField(_("votre demande"), max_length=TEXT_SHORT)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.REQUESTED)
    created_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("motif (facultatif)"), max_length=300, blank=True)
    scheduled_at = models.DateTimeField(_("date et heure"), null=True, blank=True)
    place = models.CharField(_("lieu, numéro ou lien de visio"), max_length=300, blank=True)
    held_on = models.DateField(_("date de la rencontre"), null=True, blank=True)
    debrief = models.TextField(_("ce que vous avez appris"), blank=True, max_length=4000)
    outcome = models.CharField(_("pour votre projet"), max_length=10, choices=Outcome.choices, blank=True)
    debriefed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(_("votre retour (facultatif)"), blank=True, max_length=TEXT_SHORT)
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rencontre avec un·e professionnel·le")
        verbose_name_plural = _("rencontres avec des professionnel·le·s")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["beneficiary", "created_at"]),
            models.Index(fields=["professional", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="done") | (models.Q(held_on__isnull=False) & ~models.Q(debrief="")),
                name="meeting_done_with_debrief",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} → {self.professional_id} · {self.state}"

    @property
    def professional_name(self) -> str:
        return self.professional.public_name if self.professional else str(_("Un professionnel parti du réseau"))

    @property
    def beneficiary_name(self) -> str:
        """All the professional learns about the person: their first name."""
        return self.beneficiary.first_name or str(_("La personne"))


class MeetingMessage(models.Model):
    """The short thread of a meeting, between its two parties only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("votre message"), max_length=TEXT_SHORT)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("message d'une rencontre")
        verbose_name_plural = _("messages des rencontres")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.author_id}"
