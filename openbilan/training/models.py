"""Certifications (RNCP and RS, France Compétences) and training offers (LHEO feeds of the Carif-Oref).

Certifications are keyed on their code (`RNCP34692`, `RS5000`) and updated in place by each import, so anything that
points at one stays valid. Their links to occupations keep the ROME codes of the export as they are (ROME v3 codes,
domain-level codes such as `A12`); they reach ROME 4.0 occupations at query time through `code_rome_parent`
(selectors.py), so a new ROME release needs no re-import.

Training offers belong to a feed (one LHEO file of one publisher): a re-import of the feed replaces everything the
feed held before. Sessions carry their place (INSEE commune code, coordinates when the feed gives them) so that the
distance to a person can be computed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueSource(models.TextChoices):
    """Which file gave a certification's title, level or active flag (the official export first, then the title
    sources in the order given to the import, newest first)."""

    STANDARD = "standard", _("export France Compétences (fichier Standard)")
    TABLE_DE_PASSAGE = "table_de_passage", _("table de passage Certif Info (ONISEP)")
    KIT_APPRENTISSAGE = "kit_apprentissage", _("Kit apprentissage")
    RNCP_INFO = "rncp_info", _("table RNCP des tables de correspondances")
    CODES_DIPLOMES = "codes_diplomes", _("table des codes diplômes")
    NONE = "", _("aucune source")


class Status(models.TextChoices):
    CURRENT = "current", _("en vigueur")
    REPLACED = "replaced", _("remplacée par une nouvelle certification")
    INACTIVE = "inactive", _("inactive")
    EXPIRED = "expired", _("enregistrement échu")
    WITHDRAWN = "withdrawn", _("absente du dernier export")


class Certification(models.Model):
    """A fiche of the RNCP (répertoire national des certifications professionnelles) or of the RS (répertoire
    spécifique). `status` is computed at import from the replacements, the active flag and the end date."""

    class Registry(models.TextChoices):
        RNCP = "RNCP", _("Répertoire national des certifications professionnelles")
        RS = "RS", _("Répertoire spécifique")

    code = models.CharField(_("code"), max_length=12, unique=True)
    registry = models.CharField(_("répertoire"), max_length=4, choices=Registry.choices)
    number = models.PositiveIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=500, blank=True)
    title_source = models.CharField(max_length=20, choices=ValueSource.choices, blank=True)
    level = models.PositiveSmallIntegerField(_("niveau (nomenclature 2019)"), null=True, blank=True)
    level_source = models.CharField(max_length=20, choices=ValueSource.choices, blank=True)
    kind = models.CharField(_("type de certification"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active selon sa source"), null=True)
    active_source = models.CharField(max_length=20, choices=ValueSource.choices, blank=True)
    valid_until = models.DateField(_("fin d'enregistrement"), null=True, blank=True)
    vae = models.BooleanField(_("accessible par la VAE"), null=True)
    typical_months = models.PositiveSmallIntegerField(_("durée habituelle (mois)"), null=True, blank=True)
    nsf = models.JSONField(default=list, blank=True)  # [[code, label], ...]
    formacodes = models.JSONField(default=list, blank=True)  # [[code, label], ...]
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, db_index=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["registry", "number"]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}" if self.title else self.code

    @property
    def is_current(self) -> bool:
        return self.status == Status.CURRENT


class CertificationRomeCode(models.Model):
    """A ROME code of the export's Rome file, as given: an occupation code of ROME v3, or a whole domain (`A12`,
    `A1200`) or grand domain (`K00`)."""

    class Scope(models.TextChoices):
        CODE = "code", _("fiche ROME")
        DOMAINE = "domaine", _("domaine professionnel")
        GRAND_DOMAINE = "grand_domaine", _("grand domaine")

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="rome_codes")
    code = models.CharField(max_length=5, db_index=True)
    scope = models.CharField(max_length=14, choices=Scope.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["certification", "code"], name="certification_rome_unique")]

    def __str__(self) -> str:
        return f"{self.certification_id} · {self.code}"


class Bloc(models.Model):
    """A bloc de compétences: a part of the certification that can be validated on its own."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="blocs")
    code = models.CharField(_("code"), max_length=40)
    label = models.TextField(_("intitulé"))

    class Meta:
        verbose_name = _("bloc de compétences")
        verbose_name_plural = _("blocs de compétences")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["certification", "code"], name="bloc_unique")]

    def __str__(self) -> str:
        return self.code


class Certifier(models.Model):
    """An organisation that awards the certification (a ministry, a school, a branch), by SIRET."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="certifiers")
    siret = models.CharField(_("SIRET"), max_length=14)
    name = models.CharField(_("nom"), max_length=300)

    class Meta:
        verbose_name = _("certificateur")
        verbose_name_plural = _("certificateurs")
        ordering = ["name", "siret"]
        constraints = [models.UniqueConstraint(fields=["certification", "siret"], name="certifier_unique")]

    def __str__(self) -> str:
        return self.name


class Replacement(models.Model):
    """`old` was replaced by `new` (the export's Ancienne_Nouvelle_Certification file). A certification can be split
    into several new ones, and several can merge into one."""

    old = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="replaced_by_links")
    new = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="replaces_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="replacement_unique")]

    def __str__(self) -> str:
        return f"{self.old_id} → {self.new_id}"


class CertificationImport(models.Model):
    """One successful import: which files (checksum), the export's date, the title sources used, the counts."""

    checksum = models.CharField(max_length=64, db_index=True)
    export_date = models.DateField()
    source = models.CharField(max_length=300)
    files = models.JSONField(default=dict)  # role -> file name
    title_sources = models.JSONField(default=list)  # [source key, file name] in the order given
    finished_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField()
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import des certifications")
        verbose_name_plural = _("imports des certifications")
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        return f"RNCP/RS {self.export_date:%Y-%m-%d} · {self.finished_at:%Y-%m-%d %H:%M}"


# --- training offers (LHEO) ------------------------------------------------------------------------------------


class OfferFeed(models.Model):
    """One LHEO feed (a Carif-Oref export, or the demo file). Re-importing it replaces all it held before."""

    key = models.SlugField(_("identifiant"), max_length=100, unique=True)
    label = models.CharField(_("nom"), max_length=200)
    lheo_version = models.CharField(max_length=5)
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    checksum = models.CharField(max_length=64)
    source = models.CharField(max_length=300)
    imported_at = models.DateTimeField()
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("flux d'offres de formation")
        verbose_name_plural = _("flux d'offres de formation")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label


class TrainingOrganisation(models.Model):
    """The organisation responsible for a formation (organisme-formation-responsable)."""

    feed = models.ForeignKey(OfferFeed, on_delete=models.CASCADE, related_name="organisations")
    key = models.CharField(max_length=100)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    name = models.CharField(_("nom"), max_length=250)
    city = models.CharField(_("commune"), max_length=50, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.CharField(_("courriel"), max_length=160, blank=True)
    web = models.CharField(_("site web"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("organisme de formation")
        verbose_name_plural = _("organismes de formation")

    def __str__(self) -> str:
        return self.name


class Formation(models.Model):
    feed = models.ForeignKey(OfferFeed, on_delete=models.CASCADE, related_name="formations")
    organisation = models.ForeignKey(TrainingOrganisation, on_delete=models.CASCADE, related_name="formations")
    key = models.CharField(max_length=100)
    title = models.CharField(_("intitulé"), max_length=255)
    objective = models.TextField(_("objectif"), blank=True)
    certifying = models.BooleanField(_("certifiante"), default=False)
    entry_level = models.PositiveSmallIntegerField(_("niveau d'entrée"), null=True, blank=True)
    exit_level = models.PositiveSmallIntegerField(_("niveau de sortie"), null=True, blank=True)
    formacodes = models.JSONField(default=list, blank=True)
    nsf = models.JSONField(default=list, blank=True)
    rome_codes = models.JSONField(default=list, blank=True)
    cpf_code = models.CharField(_("code CPF"), max_length=10, blank=True)
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    contact_email = models.CharField(_("courriel"), max_length=160, blank=True)
    url = models.CharField(_("adresse web"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    def __str__(self) -> str:
        return self.title

    @property
    def cpf_eligible(self) -> bool:
        return bool(self.cpf_code)


class FormationCertification(models.Model):
    """A certification the formation prepares, by code (`RNCP474`, `RS5000`): the feed may be loaded before the
    certifications, or name a code the export no longer has."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="certification_links")
    code = models.CharField(max_length=12, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["formation", "code"], name="formation_certification_unique")]

    def __str__(self) -> str:
        return f"{self.formation_id} · {self.code}"


class Action(models.Model):
    """One way the formation is delivered: rhythm, prerequisites, hours, price, place, who funds it."""

    feed = models.ForeignKey(OfferFeed, on_delete=models.CASCADE, related_name="actions")
    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(max_length=100)
    rhythm = models.CharField(_("rythme"), max_length=250, blank=True)
    prerequisites = models.TextField(_("prérequis"), blank=True)
    entry_level_required = models.BooleanField(_("niveau d'entrée obligatoire"), default=False)
    permanent_entry = models.BooleanField(_("entrées et sorties permanentes"), default=False)
    hours_total = models.PositiveIntegerField(_("heures au total"), null=True, blank=True)
    hours_centre = models.PositiveIntegerField(_("heures en centre"), null=True, blank=True)
    hours_company = models.PositiveIntegerField(_("heures en entreprise"), null=True, blank=True)
    duration_text = models.CharField(_("durée indicative"), max_length=150, blank=True)
    price = models.CharField(_("prix total TTC"), max_length=10, blank=True)
    funders = models.JSONField(default=list, blank=True)  # [[LHEO financeur code, places or None], ...]
    conventionne = models.BooleanField(_("action conventionnée"), null=True)
    programmes = models.JSONField(default=list, blank=True)  # names of regional programmes given by the feed
    place_name = models.CharField(_("lieu"), max_length=250, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=50, blank=True)
    insee_code = models.CharField(_("code commune INSEE"), max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    url = models.CharField(_("adresse web"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("action de formation")
        verbose_name_plural = _("actions de formation")

    def __str__(self) -> str:
        return f"{self.formation_id} · {self.key}"


class Session(models.Model):
    """One dated run of an action. Its place is the action's place of training (or, when the feed gives none, the
    session's registration address), copied here so that sessions near a person are found in one query."""

    class Recruitment(models.TextChoices):
        OPEN = "1", _("inscriptions ouvertes")
        CLOSED = "2", _("inscriptions fermées")
        SUSPENDED = "3", _("inscriptions suspendues")

    feed = models.ForeignKey(OfferFeed, on_delete=models.CASCADE, related_name="sessions")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sessions")
    # The action's formation, copied so that the sessions of some certifications are found without a join.
    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="sessions")
    key = models.CharField(max_length=100)
    start = models.DateField(_("début"), null=True, blank=True)
    end = models.DateField(_("fin"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    recruitment = models.CharField(_("inscriptions"), max_length=1, choices=Recruitment.choices, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=50, blank=True)
    insee_code = models.CharField(_("code commune INSEE"), max_length=5, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        indexes = [
            models.Index(fields=["formation", "end", "start"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return f"{self.feed_id} · {self.key}"

    @property
    def reference(self) -> str:
        """A stable name for the session across re-imports of its feed: feed key, then the LHEO keys of the
        formation, the action and the session."""
        return f"{self.feed.key}/{self.formation.key}/{self.action.key}/{self.key}"
