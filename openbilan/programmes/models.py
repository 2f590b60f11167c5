"""Programmes (a funded cohort) and the enrolment of each person in one."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.accounts.models import Organisation
from openbilan.referential.choices import QualificationLevel


class Programme(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="operated_programmes", verbose_name=_("opérateur")
    )
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funded_programmes", verbose_name=_("financeur")
    )
    prescribers = models.ManyToManyField(
        Organisation, blank=True, related_name="prescribed_programmes", verbose_name=_("prescripteurs")
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    inactivity_days = models.PositiveSmallIntegerField(
        _("relance après combien de jours sans activité"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Une personne sans activité depuis ce nombre de jours reçoit un rappel par e-mail."),
    )
    journey_template = models.ForeignKey(
        "journeys.JourneyTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("modèle de parcours"),
        help_text=_("Vide : le modèle de référence « Bilan 12 semaines »."),
    )
    second_reviewer = models.BooleanField(
        _("un second relecteur valide les projets"),
        default=False,
        help_text=_("Cochez si chaque projet professionnel est relu par une deuxième personne avant validation."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(inactivity_days__gte=1, inactivity_days__lte=365),
                name="programme_inactivity_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invité·e")
    ACTIVE = "active", _("En cours")
    PAUSED = "paused", _("En pause")
    COMPLETED = "completed", _("Terminé")
    DROPPED = "dropped", _("Arrêté")


class DropReason(models.TextChoices):
    """Why a bilan stopped before its end (Qualiopi ind. 12). The codes match journeys.machine.DROP_REASONS."""

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

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
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
        "CohortImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("import"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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


class FollowUp(models.TextChoices):
    """When an outcome is observed: at the end of the bilan, then 3, 6 and 12 months after it."""

    END = "end", _("À la fin du bilan")
    MONTHS_3 = "3m", _("3 mois après")
    MONTHS_6 = "6m", _("6 mois après")
    MONTHS_12 = "12m", _("12 mois après")


FOLLOW_UP_MONTHS = {FollowUp.END: 0, FollowUp.MONTHS_3: 3, FollowUp.MONTHS_6: 6, FollowUp.MONTHS_12: 12}


class OutcomeSource(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Déclarée par la personne")
    COACH = "coach", _("Notée par le consultant ou la consultante")
    IMPORT = "import", _("Importée")


class Outcome(models.Model):
    """What became of a person who completed their bilan, at one follow-up moment, and who said so."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="outcomes")
    # The enrolment's programme, copied so that reports count outcomes without a join (an enrolment never changes
    # programme).
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+", editable=False)
    moment = models.CharField(_("moment"), max_length=4, choices=FollowUp.choices)
    kind = models.CharField(_("situation"), max_length=24, choices=OutcomeKind.choices)
    rome_code = models.CharField(_("code ROME"), max_length=5, blank=True)
    observed_on = models.DateField(_("constatée le"))
    source = models.CharField(_("source"), max_length=16, choices=OutcomeSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("situation après le bilan")
        verbose_name_plural = _("situations après le bilan")
        constraints = [models.UniqueConstraint(fields=["enrolment", "moment"], name="outcome_once_per_moment")]
        indexes = [models.Index(fields=["programme", "moment", "kind"], name="outcome_report")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.moment} · {self.kind}"


class Agreement(models.IntegerChoices):
    STRONGLY_AGREE = 4, _("Tout à fait d'accord")
    AGREE = 3, _("Plutôt d'accord")
    DISAGREE = 2, _("Plutôt pas d'accord")
    STRONGLY_DISAGREE = 1, _("Pas du tout d'accord")


AGREES = (Agreement.STRONGLY_AGREE, Agreement.AGREE)


class HelpedMost(models.TextChoices):
    INTROSPECTION = "introspection", _("Le travail sur moi-même (introspection)")
    COACH = "coach", _("Les échanges avec mon consultant ou ma consultante")
    QUESTIONNAIRES = "questionnaires", _("Les questionnaires et leurs résultats")
    OCCUPATIONS = "occupations", _("Les métiers proposés et leur exploration")
    PROFESSIONALS = "professionals", _("Les rencontres avec des professionnels")
    OTHER = "other", _("Autre chose")


class EvaluationKind(models.TextChoices):
    HOT = "hot", _("À chaud (fin du bilan)")
    COLD = "cold", _("À froid (6 mois après)")


class Evaluation(models.Model):
    """The person's evaluation of the bilan: the seed report's four impact questions, satisfaction, NPS and an
    optional testimonial, published only with its own consent and never with the person's name."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evaluations")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+", editable=False)
    kind = models.CharField(_("moment"), max_length=4, choices=EvaluationKind.choices)
    knows_self_better = models.PositiveSmallIntegerField(
        _("Je me connais mieux qu'avant le bilan."), choices=Agreement.choices, null=True, blank=True
    )
    overcame_blocks = models.PositiveSmallIntegerField(
        _("J'ai identifié des blocages et j'ai pu les dépasser."), choices=Agreement.choices, null=True, blank=True
    )
    unexpected = models.PositiveSmallIntegerField(
        _("Le bilan m'a apporté quelque chose d'inattendu."), choices=Agreement.choices, null=True, blank=True
    )
    helped_most = models.CharField(_("Ce qui m'a le plus aidé"), max_length=16, choices=HelpedMost.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 à 5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommend = models.PositiveSmallIntegerField(
        _("recommandation (0 à 10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    testimonial = models.TextField(_("témoignage"), blank=True, max_length=2000)
    testimonial_publish = models.BooleanField(_("accord pour publier le témoignage sans le nom"), default=False)
    answered_at = models.DateTimeField(_("répondu le"))

    class Meta:
        verbose_name = _("évaluation du bilan")
        verbose_name_plural = _("évaluations du bilan")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="evaluation_once_per_kind"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="evaluation_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(recommend__isnull=True) | models.Q(recommend__gte=0, recommend__lte=10),
                name="evaluation_recommend_0_to_10",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "kind"], name="evaluation_report"),
            models.Index(fields=["programme", "testimonial_publish", "answered_at"], name="evaluation_testimonials"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.kind}"


class Survey(models.Model):
    """One e-mail with a signed link (no sign-in needed): the end-of-bilan evaluation, then the follow-ups at 3, 6
    (with the "à froid" evaluation) and 12 months. Decided once per person and kind, sent by the task worker."""

    class Kind(models.TextChoices):
        END = "end", _("Évaluation de fin de bilan")
        MONTHS_3 = "3m", _("Suivi à 3 mois")
        MONTHS_6 = "6m", _("Suivi à 6 mois et évaluation à froid")
        MONTHS_12 = "12m", _("Suivi à 12 mois")

    class State(models.TextChoices):
        QUEUED = "queued", _("À envoyer")
        SENT = "sent", _("Envoyée")
        FAILED = "failed", _("Échec de l'envoi")
        NOT_SENT = "not_sent", _("Non envoyée")
        ANSWERED = "answered", _("Répondue")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    due_on = models.DateField(_("prévue le"))
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        constraints = [models.UniqueConstraint(fields=["enrolment", "kind"], name="survey_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.kind} · {self.state}"


class DisabilityDeclaration(models.Model):
    """Health data (GDPR art. 9): declared by the person only, with explicit consent, kept apart from the enrolment,
    never shown to a funder or a prescriber. The person may change or withdraw it at any time."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="disability_declaration"
    )
    recognised = models.BooleanField(_("reconnaissance de la qualité de travailleur handicapé (RQTH)"))
    accommodations = models.TextField(_("aménagements utiles"), blank=True, max_length=2000)
    share_with_coach = models.BooleanField(_("mon consultant ou ma consultante peut le voir"), default=False)
    consented_at = models.DateTimeField(_("consentement donné le"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("déclaration de handicap")
        verbose_name_plural = _("déclarations de handicap")

    def __str__(self) -> str:
        return f"{self.person_id}"


class Referral(PersonDetails):
    """A prescriber refers a person to a programme. The person receives an invitation and becomes active only by
    accepting it. A possible duplicate (same e-mail, or same name and birth date) waits for an operator admin."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invitation envoyée")
        REVIEW = "review", _("À vérifier : personne peut-être déjà connue")
        MERGED = "merged", _("Rattachée à une personne déjà connue")
        CANCELLED = "cancelled", _("Annulée")

    class Duplicate(models.TextChoices):
        NONE = "", _("Aucun doublon")
        EMAIL = "email", _("Même adresse e-mail")
        NAME_BIRTH_DATE = "name_birth_date", _("Même nom, même prénom et même date de naissance")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    prescriber = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="referrals_made"
    )
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    state = models.CharField(_("état"), max_length=10, choices=State.choices)
    duplicate = models.CharField(_("doublon possible"), max_length=16, choices=Duplicate.choices, blank=True)
    duplicate_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="referral_records"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "state"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} · {self.programme}"


class CohortImport(models.Model):
    """One cohort file, previewed (dry run) then applied in one transaction. The file itself is kept only until it
    is applied; its fingerprint, counts and errors stay as the provenance of the enrolments it created."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Prévisualisé")
        APPLIED = "applied", _("Importé")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("fichier"), max_length=200)
    sha256 = models.CharField(max_length=64)
    content = models.TextField(blank=True)
    historical = models.BooleanField(_("reprise historique"), default=False)
    accept_homonyms = models.BooleanField(default=False)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PREVIEWED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    people = models.JSONField(default=list, blank=True)  # preview: who, and what will happen to them (first 500)
    file_format = models.JSONField(default=dict, blank=True)  # preview: the detected encoding and separator
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import de cohorte")
        verbose_name_plural = _("imports de cohorte")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} · {self.programme}"


class CohortExport(models.Model):
    """Every export of a cohort file (personal data): who, when, how many rows, from where. Rows are only added."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exports")
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=[("web", "web"), ("command", "command")])
    rows = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("export de cohorte")
        verbose_name_plural = _("exports de cohorte")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.programme_id} · {self.rows}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Export records cannot be edited.")
        super().save(*args, **kwargs)
