"""The professional project, validated against explicit criteria, and the synthesis document of the bilan.

A project belongs to one person's bilan (an enrolment). It is an occupation (ROME code), a training path or a
business creation, usually started from the person's shortlist. Its six criteria each hold evidence (see
criteria.py); its workflow (see workflow.py) goes draft -> submitted -> changes requested -> validated, with a second
reviewer when the programme asks for one; every step is kept in ProjectEvent.

The synthesis document belongs to the person (docs/DOMAIN_NOTES.md, section 3). The coach drafts it (each save is a new
version, every version is kept), the person comments, the coach makes it final, the person confirms receipt. The
person may share it through named, time-limited, revocable links (only a hash of the token is stored); every opening
by the coach or through a link is recorded in Opening and shown to the person. At the end the person chooses whether
to keep their documents for follow-up, three years at most, by a written agreement (RetentionChoice; the purge
belongs to the privacy domain, R6313-7).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.programmes.models import Enrolment
from openbilan.referential.models import Occupation

NOTE_MAX = 4000


class ProjectKind(models.TextChoices):
    """The same values as recommendations.PathKind: a shortlisted path becomes a project of the same kind."""

    OCCUPATION = "occupation", _("Métier")
    TRAINING = "training", _("Formation")
    BUSINESS = "business", _("Création d'activité")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("En construction")
    SUBMITTED = "submitted", _("Soumis pour validation")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    SECOND_REVIEW = "second_review", _("En relecture par un second consultant·e")
    VALIDATED = "validated", _("Validé")


class FundingSource(models.TextChoices):
    CPF = "cpf", _("Compte personnel de formation (CPF)")
    REGION = "region", _("Région")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    TRANSITIONS_PRO = "transitions_pro", _("Transitions Pro (projet de transition professionnelle)")
    EMPLOYER = "employer", _("Votre employeur ou son OPCO (qui paie les formations)")
    PERSONAL = "personal", _("Financement personnel")
    OTHER = "other", _("Autre financement")


class Project(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="projects")
    beneficiary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects")
    kind = models.CharField(_("type de projet"), max_length=12, choices=ProjectKind.choices)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("métier (code ROME)")
    )
    code_rome = models.CharField(_("code ROME"), max_length=5)
    title = models.CharField(_("intitulé du projet"), max_length=200)
    shortlist_item = models.ForeignKey(
        "recommendations.ShortlistItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("état"), max_length=20, choices=ProjectState.choices, default=ProjectState.DRAFT)
    # Alignment and feasibility: what the suggestions said when the evidence was taken, and the person's words.
    alignment_evidence = models.JSONField(default=dict, blank=True)
    feasibility_evidence = models.JSONField(default=dict, blank=True)
    evidence_taken_at = models.DateTimeField(null=True, blank=True)
    alignment_note = models.TextField(_("Pourquoi ce projet vous correspond"), blank=True, max_length=NOTE_MAX)
    feasibility_note = models.TextField(
        _("Comment ce projet respecte vos impératifs et les conditions d'accès"), blank=True, max_length=NOTE_MAX
    )
    # Training and funding path.
    training_needed = models.BooleanField(_("une formation est nécessaire"), null=True, blank=True)
    training_name = models.CharField(_("la formation choisie"), max_length=200, blank=True)
    funding_sources = models.JSONField(_("financements envisagés"), default=list, blank=True)
    funding_note = models.TextField(_("Vos notes sur la formation et son financement"), blank=True, max_length=NOTE_MAX)
    # Issue 21: the certification chosen among those leading to the occupation, and a session (or none: "to find").
    certification_code = models.CharField(_("certification choisie (RNCP ou RS)"), max_length=20, blank=True)
    session_reference = models.CharField(_("session choisie (référence du flux)"), max_length=300, blank=True)
    session_label = models.CharField(_("session choisie"), max_length=300, blank=True)
    session_is_demo = models.BooleanField(_("session de démonstration"), default=False)
    # Sign-off.
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("projet professionnel")
        verbose_name_plural = _("projets professionnels")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["beneficiary", "state"]), models.Index(fields=["enrolment", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "occupation", "kind"], name="project_once_per_path"),
            models.CheckConstraint(
                condition=~models.Q(state="validated") | models.Q(validated_at__isnull=False),
                name="project_validated_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code_rome})"


class MarketEvidence(models.Model):
    """What the person saw of the labour market: an offer, an employer met, a forum, a figure."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offre d'emploi consultée")
        EMPLOYER = "employer", _("Employeur rencontré ou contacté")
        EVENT = "event", _("Salon, forum, réunion d'information")
        DATA = "data", _("Chiffres du métier (recrutements, salaires)")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="market")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date"))
    description = models.CharField(_("ce que vous avez vu ou appris"), max_length=500)
    url = models.URLField(_("lien (facultatif)"), blank=True, max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("élément sur le marché du travail")
        verbose_name_plural = _("éléments sur le marché du travail")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.kind} · {self.on}"


class ActionStep(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("étape"), max_length=200)
    due_on = models.DateField(_("à faire avant le"))
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("étape du plan d'action")
        verbose_name_plural = _("étapes du plan d'action")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.title} · {self.due_on}"


class FieldEvidence(models.Model):
    """An interview with a professional held outside the network, or an immersion (PMSMP), with its debrief.
    Meetings arranged through the network count too: the projects selectors read their debriefs."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Enquête métier (entretien avec un professionnel)")
        IMMERSION = "immersion", _("Stage court en entreprise (immersion)")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="field")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    with_whom = models.CharField(_("avec qui, où"), max_length=200)
    debrief = models.TextField(_("ce que vous en retenez"), max_length=NOTE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("preuve du terrain")
        verbose_name_plural = _("preuves du terrain")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.kind} · {self.held_on}"


class ProjectEvent(models.Model):
    """One step of a project's history: created, submitted, changes requested (with the comments), signed off,
    validated, withdrawn. Rows are only added."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.TextField(_("commentaire"), blank=True, max_length=NOTE_MAX)
    criteria_comments = models.JSONField(default=dict, blank=True)  # criterion kind -> the reviewer's comment
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("étape de l'historique d'un projet")
        verbose_name_plural = _("historique des projets")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.action} · {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Project history cannot be edited.")
        super().save(*args, **kwargs)


# --- the synthesis document ------------------------------------------------------------------------------------------


class SynthesisState(models.TextChoices):
    DRAFT = "draft", _("En rédaction par votre consultant·e")
    REVIEW = "review", _("À relire et commenter")
    FINAL = "final", _("Définitive")
    RECEIVED = "received", _("Définitive, réception confirmée")


class Synthesis(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="synthesis")
    state = models.CharField(_("état"), max_length=10, choices=SynthesisState.choices, default=SynthesisState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document de synthèse")
        verbose_name_plural = _("documents de synthèse")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state__in=["final", "received"]) | models.Q(finalised_at__isnull=False),
                name="synthesis_final_with_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="received") | models.Q(received_at__isnull=False),
                name="synthesis_received_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.state}"


class SynthesisVersion(models.Model):
    """One saved version: the coach's four texts and the facts assembled from the journey at that moment."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    circumstances = models.TextField(_("Le contexte du bilan"), blank=True, max_length=8000)
    skills = models.TextField(_("Vos compétences et aptitudes"), blank=True, max_length=8000)
    options = models.TextField(_("Les pistes explorées, et pourquoi"), blank=True, max_length=8000)
    project = models.TextField(_("Le projet et ses étapes"), blank=True, max_length=8000)
    facts = models.JSONField(default=dict)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()
    is_final = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("version du document de synthèse")
        verbose_name_plural = _("versions du document de synthèse")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["synthesis", "number"], name="synthesis_version_number_once"),
            models.UniqueConstraint(
                fields=["synthesis"], condition=models.Q(is_final=True), name="synthesis_one_final_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.synthesis_id} · v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("update_fields") == ["is_final"]:
            raise PermissionError("A synthesis version is kept as written: save a new version instead.")
        super().save(*args, **kwargs)


class SynthesisComment(models.Model):
    version = models.ForeignKey(SynthesisVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("votre commentaire"), max_length=NOTE_MAX)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("commentaire sur la synthèse")
        verbose_name_plural = _("commentaires sur la synthèse")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version_id} · {self.author_id}"


class ShareLink(models.Model):
    """A link the person gives to a named third party (their CEP adviser, say). Only the token's hash is kept."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="links")
    recipient = models.CharField(_("pour qui"), max_length=150)
    to_cep = models.BooleanField(
        _("pour un opérateur du conseil en évolution professionnelle"),
        default=False,
        db_default=False,
        help_text=_(
            "La personne envoie sa synthèse à un opérateur CEP (L6313-4) : ce lien est la preuve qui fait garder la "
            "synthèse trois ans après la fin du bilan (R6313-7)."
        ),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de partage de la synthèse")
        verbose_name_plural = _("liens de partage de la synthèse")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.synthesis_id} · {self.recipient}"


class Opening(models.Model):
    """Somebody other than the person opened their synthesis (or a project, for the coach): who, how, when."""

    class Via(models.TextChoices):
        COACH = "coach", _("Votre consultant·e")
        REVIEWER = "reviewer", _("Le second relecteur de votre projet")
        LINK = "link", _("Un lien de partage")

    class Format(models.TextChoices):
        PAGE = "page", _("la page")
        PDF = "pdf", _("le PDF")

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, null=True, blank=True, related_name="openings")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="openings")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices)
    link = models.ForeignKey(ShareLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="openings")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.PAGE)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("ouverture d'un document")
        verbose_name_plural = _("ouvertures des documents")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.subject_id} · {self.via} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Openings are only ever added.")
        super().save(*args, **kwargs)


class RetentionChoice(models.Model):
    """Whether the person keeps their bilan documents for follow-up after the end, and until when (three years at
    most, R6313-7). `agreement` is the person's written agreement, word for word, with its date (`chosen_at`): the
    evidence the purge needs. The purge that applies it belongs to the privacy domain."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="retention_choice")
    keep = models.BooleanField(_("garder mes documents pour le suivi"))
    keep_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    agreement = models.TextField(_("accord écrit de la personne"), blank=True, db_default="")
    chosen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("choix de conservation des documents")
        verbose_name_plural = _("choix de conservation des documents")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(keep=True) & models.Q(keep_until__isnull=False))
                | (models.Q(keep=False) & models.Q(keep_until__isnull=True)),
                name="retention_until_only_when_kept",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.keep} · {self.keep_until}"
