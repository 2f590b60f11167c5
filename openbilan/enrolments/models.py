"""The enrolment core: one person's bilan within a programme, its statuses and what is known about the person.

Programmes (referrals, cohort files, follow-up) and journeys (templates, phases, entries) sit on top of it; this
package imports neither (pyproject.toml, import-linter). The table kept the name it had in programmes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.enrolments.machine import DROP_REASONS
from openbilan.referential.choices import QualificationLevel


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invité·e")
    ACTIVE = "active", _("En cours")
    PAUSED = "paused", _("En pause")
    COMPLETED = "completed", _("Terminé")
    DROPPED = "dropped", _("Arrêté")


class DropReason(models.TextChoices):
    """Why a bilan stopped before its end (Qualiopi ind. 12). The codes match enrolments.machine.DROP_REASONS."""

    PERSONAL = "personal", _("Raisons personnelles")
    HEALTH = "health", _("Santé")
    FOUND_JOB = "found_job", _("A trouvé un emploi")
    MOVED = "moved", _("A déménagé")
    UNREACHABLE = "unreachable", _("Injoignable")
    OTHER = "other", _("Autre raison")


class SocialMinima(models.TextChoices):
    NONE = "none", _("Aucun")
    RSA = "rsa", _("RSA")
    ASS = "ass", _("ASS")
    AAH = "aah", _("AAH")
    OTHER = "other", _("Autre minimum social")


class Gender(models.TextChoices):
    """As the prescriber or the cohort file records it (France Travail's "sexe"), for the funder's breakdown."""

    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre")


class AgeBand(models.TextChoices):
    """Computed from the birth date on the day of the referral (see programmes.segments)."""

    UNDER_26 = "under_26", _("Moins de 26 ans")
    FROM_26_TO_44 = "26_44", _("26 à 44 ans")
    FROM_45 = "45_plus", _("45 ans et plus")


class JobSeekerBand(models.TextChoices):
    """How long the person had been looking for a job on the day of the referral (see programmes.segments)."""

    UNDER_12_MONTHS = "under_12m", _("Moins de 12 mois")
    FROM_12_TO_23_MONTHS = "12_23m", _("12 à 23 mois")
    FROM_24_MONTHS = "24m_plus", _("24 mois et plus")


class OutcomeKind(models.TextChoices):
    """What became of a person who completed the bilan (docs/DOMAIN_NOTES.md, section 5)."""

    EMPLOYED_DURABLE = "employed_durable", _("Emploi durable")
    EMPLOYED_TRANSITION = "employed_transition", _("Emploi de transition")
    TRAINING = "training", _("Formation qualifiante")
    BUSINESS_CREATION = "business_creation", _("Création d'entreprise en cours")
    JOB_SEEKING = "job_seeking", _("En recherche d'emploi")
    VALIDATING_PROJECT = "validating_project", _("Finit de valider son projet")
    OTHER = "other", _("Autre situation")


class Origin(models.TextChoices):
    """Where an enrolment came from (provenance, shown to operator admins)."""

    PLATFORM = "platform", _("Créée sur la plateforme")
    REFERRAL = "referral", _("Orientation d'un prescripteur")
    IMPORT = "import", _("Import d'un fichier")
    HISTORICAL = "historical", _("Reprise d'un système antérieur")
    SYNTHETIC = "synthetic", _("Données fictives (démonstration, mesures)")


def _yes_no_unknown(label):
    return models.BooleanField(label, null=True, blank=True, help_text=_("Vide : non renseigné."))


class PersonDetails(models.Model):
    """What a referral or an enrolment knows about the person, for invitations and for the funder's segments.

    Disability is never stored here: the person declares it themselves (DisabilityDeclaration)."""

    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    gender = models.CharField(
        _("genre"),
        max_length=6,
        choices=Gender.choices,
        blank=True,
        default="",
        db_default="",  # the running release inserts rows without it during a deployment
    )
    qualification_level = models.CharField(
        _("niveau de qualification"), max_length=6, choices=QualificationLevel.choices, blank=True
    )
    qpv = _yes_no_unknown(_("habite un quartier prioritaire (QPV)"))
    zrr = _yes_no_unknown(_("habite une zone de revitalisation rurale (ZRR)"))
    single_parent = _yes_no_unknown(_("parent isolé"))
    social_minima = models.CharField(_("minimum social"), max_length=8, choices=SocialMinima.choices, blank=True)
    job_seeker_since = models.DateField(_("demandeur d'emploi depuis le"), null=True, blank=True)

    class Meta:
        abstract = True


class Enrolment(PersonDetails):
    """One person's bilan within a programme, followed by one coach, possibly referred by a prescriber.

    The segment fields (age band, job-seeker band) are computed once, on the day of the referral, by the services;
    `outcome` is the latest outcome recorded (see Outcome), kept here so that reports group in the database."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT, related_name="enrolments")
    beneficiary = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("consultant·e"),
    )
    prescriber = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("prescripteur"),
    )
    shared_with = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisme avec lequel la personne partage"),
        help_text=_(
            "Le partage vaut pour un organisme : si le prescripteur change, le nouveau ne voit rien tant que la "
            "personne ne l'a pas choisi."
        ),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.INVITED
    )
    consented_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    shares_with_prescriber = models.BooleanField(
        _("le prescripteur peut voir l'état du parcours"),
        default=False,
        help_text=_("Choisi par la personne quand elle accepte l'invitation. Jamais le contenu du bilan."),
    )
    brings_earlier_work = models.BooleanField(
        _("la personne apporte ses travaux d'un bilan précédent"),
        default=False,
        db_default=False,  # the running release inserts enrolments without it during a deployment
        help_text=_(
            "Choisi par la personne quand elle accepte : ses résultats, suggestions et demandes d'aménagement faits "
            "pendant un autre bilan deviennent visibles pour ce bilan."
        ),
    )
    status_changed_at = models.DateTimeField(_("statut changé le"), null=True, blank=True)
    paused_at = models.DateTimeField(_("en pause depuis le"), null=True, blank=True)
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("arrêté le"), null=True, blank=True)
    drop_reason = models.CharField(_("motif de l'arrêt"), max_length=20, choices=DropReason.choices, blank=True)
    external_id = models.CharField(
        _("identifiant externe"),
        max_length=64,
        blank=True,
        help_text=_("L'identifiant de la personne dans le fichier importé : un nouvel import met à jour cette ligne."),
    )
    referred_on = models.DateField(_("orientée le"), null=True, blank=True)
    age_band = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeBand.choices, blank=True)
    job_seeker_band = models.CharField(
        _("durée de recherche d'emploi"), max_length=10, choices=JobSeekerBand.choices, blank=True
    )
    outcome = models.CharField(_("situation à date"), max_length=24, choices=OutcomeKind.choices, blank=True)
    outcome_on = models.DateField(_("situation constatée le"), null=True, blank=True)
    origin = models.CharField(_("provenance"), max_length=12, choices=Origin.choices, default=Origin.PLATFORM)
    import_batch = models.ForeignKey(
        "programmes.CohortImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("import"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programmes_enrolment"  # the table kept its name when the model moved here
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "beneficiary"], name="enrolment_once_per_programme"),
            models.CheckConstraint(
                # Without consent, an enrolment is only an invitation, possibly declined.
                condition=models.Q(status__in=["invited", "dropped"]) | models.Q(consented_at__isnull=False),
                name="enrolment_active_only_with_consent",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="dropped") & ~models.Q(drop_reason="") & models.Q(dropped_at__isnull=False))
                | (~models.Q(status="dropped") & models.Q(drop_reason="")),
                name="enrolment_dropped_with_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="enrolment_completed_with_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paused") | models.Q(paused_at__isnull=False),
                name="enrolment_paused_with_date",
            ),
            models.UniqueConstraint(
                fields=["programme", "external_id"],
                condition=~models.Q(external_id=""),
                name="enrolment_external_id_once_per_programme",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(status="completed"),
                name="enrolment_outcome_only_when_completed",
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "status"]),
            models.Index(fields=["prescriber", "status"]),
            models.Index(fields=["birth_date"]),
            # The funder's report groups a programme's enrolments by one segment, then status and outcome: each of
            # these indexes holds every column its GROUP BY reads, so the database never visits the rows
            # (bench/bench_reporting.py: 100,000 enrolments, one breakdown from about 300 ms to 15 ms on SQLite).
            models.Index(fields=["programme", "status", "outcome", "completed_at"], name="enrol_report_status"),
            models.Index(fields=["programme", "age_band", "status", "outcome"], name="enrol_report_age"),
            models.Index(fields=["programme", "gender", "status", "outcome"], name="enrol_report_gender"),
            models.Index(fields=["programme", "qualification_level", "status", "outcome"], name="enrol_report_qual"),
            models.Index(fields=["programme", "qpv", "status", "outcome"], name="enrol_report_qpv"),
            models.Index(fields=["programme", "zrr", "status", "outcome"], name="enrol_report_zrr"),
            models.Index(fields=["programme", "single_parent", "status", "outcome"], name="enrol_report_parent"),
            models.Index(fields=["programme", "social_minima", "status", "outcome"], name="enrol_report_minima"),
            models.Index(fields=["programme", "job_seeker_band", "status", "outcome"], name="enrol_report_jobseek"),
            models.Index(fields=["programme", "prescriber", "status", "outcome"], name="enrol_report_prescriber"),
            models.Index(fields=["programme", "referred_on", "status", "outcome"], name="enrol_report_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary} · {self.programme}"


class Transition(models.Model):
    """One change of status or phase: who, when, from, to and why. Rows are only ever added."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Statut")
        PHASE = "phase", _("Phase")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    from_state = models.CharField(_("de"), max_length=20, blank=True)
    to_state = models.CharField(_("vers"), max_length=20)
    reason_code = models.CharField(_("motif"), max_length=20, blank=True)
    note = models.TextField(_("pourquoi"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("qui"),
    )
    at = models.DateTimeField(_("quand"), db_index=True)

    class Meta:
        db_table = "journeys_transition"  # the table kept its name when the model moved here
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["enrolment", "kind", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_state="dropped", kind="status") | models.Q(reason_code__in=DROP_REASONS),
                name="transition_drop_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}: {self.from_state or '-'} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Transitions cannot be edited.")
        super().save(*args, **kwargs)
