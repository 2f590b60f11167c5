"""ROME 4.0 occupations and what the platform knows about each: titles, skills, contexts, interests, mobility.

Stable keys are the publishers' codes (`code_rome`, `code_ogr`); a new release updates rows in place, and codes that
disappear are kept but marked inactive so that anything pointing at them stays valid.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.referential.profiles import INTEREST_LETTERS, WORK_VALUE_KEYS


class GrandDomaine(models.Model):
    code = models.CharField(_("code"), max_length=1, unique=True)
    label = models.CharField(_("libellé"), max_length=200)

    class Meta:
        verbose_name = _("grand domaine")
        verbose_name_plural = _("grands domaines")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"


class DomaineProfessionnel(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    grand_domaine = models.ForeignKey(GrandDomaine, on_delete=models.PROTECT, related_name="domaines")

    class Meta:
        verbose_name = _("domaine professionnel")
        verbose_name_plural = _("domaines professionnels")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"


class ProfileSource(models.TextChoices):
    DIRECT = "direct", _("direct (appellations → ESCO → O*NET)")
    PARENT = "parent", _("repris de la fiche parente")
    SIBLINGS = "siblings", _("moyenne des fiches sœurs")
    NONE = "none", _("aucune donnée O*NET")


class Occupation(models.Model):
    """A ROME 4.0 "fiche emploi-métier" (code such as J1501)."""

    code_rome = models.CharField(_("code ROME"), max_length=5, unique=True)
    code_ogr = models.PositiveIntegerField(_("code OGR"), unique=True)
    label = models.CharField(_("intitulé"), max_length=200)
    parent_code = models.CharField(_("code ROME parent"), max_length=5, db_index=True)
    domaine = models.ForeignKey(DomaineProfessionnel, on_delete=models.PROTECT, related_name="occupations")
    is_active = models.BooleanField(_("présent dans la version en vigueur"), default=True)
    # Flags of the export: None when the export leaves them empty.
    transition_eco = models.CharField(_("transition écologique"), max_length=100, blank=True)
    transition_num = models.BooleanField(_("transition numérique"), null=True)
    transition_demo = models.BooleanField(_("transition démographique"), null=True)
    regulated = models.BooleanField(_("emploi réglementé"), null=True)
    executive = models.BooleanField(_("emploi cadre"), null=True)
    riasec_majeur = models.CharField(_("RIASEC majeur"), max_length=1)
    riasec_mineur = models.CharField(_("RIASEC mineur"), max_length=1, blank=True)
    definition = models.TextField(_("définition"), blank=True)
    access = models.TextField(_("accès au métier"), blank=True)
    # Six O*NET interest scores (OI scale 1-7) and where they come from (see profiles.py).
    interest_r = models.FloatField(null=True)
    interest_i = models.FloatField(null=True)
    interest_a = models.FloatField(null=True)
    interest_s = models.FloatField(null=True)
    interest_e = models.FloatField(null=True)
    interest_c = models.FloatField(null=True)
    interest_source = models.CharField(max_length=10, choices=ProfileSource.choices, default=ProfileSource.NONE)
    interest_basis = models.JSONField(default=dict, blank=True)
    # Six O*NET work values (EX scale 1-7), same chain.
    value_achievement = models.FloatField(null=True)
    value_independence = models.FloatField(null=True)
    value_recognition = models.FloatField(null=True)
    value_relationships = models.FloatField(null=True)
    value_support = models.FloatField(null=True)
    value_working_conditions = models.FloatField(null=True)
    values_source = models.CharField(max_length=10, choices=ProfileSource.choices, default=ProfileSource.NONE)
    values_basis = models.JSONField(default=dict, blank=True)

    INTEREST_FIELDS = tuple(f"interest_{letter.lower()}" for letter in INTEREST_LETTERS)
    VALUE_FIELDS = tuple(f"value_{key}" for key in WORK_VALUE_KEYS)

    class Meta:
        verbose_name = _("métier ROME")
        verbose_name_plural = _("métiers ROME")
        ordering = ["code_rome"]
        indexes = [models.Index(fields=["is_active", "riasec_majeur"])]

    def __str__(self) -> str:
        return f"{self.code_rome} · {self.label}"

    @property
    def riasec_code(self) -> str:
        return self.riasec_majeur + self.riasec_mineur

    @property
    def interests(self) -> tuple[float, ...] | None:
        values = tuple(getattr(self, name) for name in self.INTEREST_FIELDS)
        return None if values[0] is None else values

    @property
    def work_values(self) -> tuple[float, ...] | None:
        values = tuple(getattr(self, name) for name in self.VALUE_FIELDS)
        return None if values[0] is None else values


class Appellation(models.Model):
    """A job title of the ROME (13,120 in v460): the occupation's own title (principal) or a synonym."""

    code_ogr = models.PositiveIntegerField(_("code OGR"), unique=True)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="appellations")
    label = models.CharField(_("intitulé"), max_length=255)
    short_label = models.CharField(_("intitulé court"), max_length=255, blank=True)
    is_principal = models.BooleanField(_("appellation principale"), default=False)
    rarely_used = models.BooleanField(_("peu usitée"), default=False)
    is_active = models.BooleanField(_("présente dans la version en vigueur"), default=True)

    class Meta:
        verbose_name = _("appellation")
        verbose_name_plural = _("appellations")
        ordering = ["label", "code_ogr"]

    def __str__(self) -> str:
        return self.label


class SearchTitle(models.Model):
    """The search index: one row per appellation, plus the occupation's own label when no appellation repeats it.

    `search_text` is computed in Python (text.normalise) so that both databases compare the same ASCII strings;
    `sort_rank` is the title's position in Python's sort order, so ties break identically everywhere.
    """

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="search_titles")
    appellation = models.OneToOneField(Appellation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    label = models.CharField(max_length=255)
    search_text = models.CharField(max_length=255)
    forms = models.CharField(max_length=300)  # "|masculine form|feminine form|" (text.forms_column)
    text_length = models.PositiveSmallIntegerField()
    sort_rank = models.PositiveIntegerField()
    is_principal = models.BooleanField(default=False)
    rarely_used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.label


class CentreInteret(models.Model):
    """One of ROME's 30 "centres d'intérêt" ("J'aime le travail manuel"...)."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    definition = models.TextField(_("définition"), blank=True)

    class Meta:
        verbose_name = _("centre d'intérêt")
        verbose_name_plural = _("centres d'intérêt")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class OccupationCentreInteret(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="centre_links")
    centre = models.ForeignKey(CentreInteret, on_delete=models.CASCADE, related_name="occupation_links")
    is_principal = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occupation", "centre"], name="occupation_centre_unique")]

    def __str__(self) -> str:
        return f"{self.occupation_id} · {self.centre_id}"


class SkillKind(models.TextChoices):
    KNOW_HOW = "savoir_faire", _("Savoir-faire")
    SOFT = "savoir_etre", _("Savoir-être professionnels")
    KNOWLEDGE = "savoir", _("Savoirs")


class Skill(models.Model):
    code_ogr = models.PositiveIntegerField(_("code OGR"), unique=True)
    label = models.CharField(_("libellé"), max_length=300)
    kind = models.CharField(_("nature"), max_length=12, choices=SkillKind.choices)
    is_macro = models.BooleanField(_("macro-compétence"), default=False)
    category = models.CharField(_("catégorie"), max_length=100, blank=True)
    subcategory = models.CharField(_("sous-catégorie"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")

    def __str__(self) -> str:
        return self.label


class CoreLevel(models.TextChoices):
    NONE = "", _("complémentaire")
    MAIN = "main", _("cœur de métier")
    EMERGING = "emerging", _("cœur de métier émergent")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    core = models.CharField(max_length=10, choices=CoreLevel.choices, blank=True, default=CoreLevel.NONE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique")]
        indexes = [models.Index(fields=["occupation", "core"])]

    def __str__(self) -> str:
        return f"{self.occupation_id} · {self.skill_id}"


class WorkContext(models.Model):
    """One of the 179 work contexts, with its type (hours, physical conditions, places, structures, publics...)."""

    code_ogr = models.PositiveIntegerField(_("code OGR"), unique=True)
    label = models.CharField(_("libellé"), max_length=300)
    type_code = models.PositiveSmallIntegerField(_("type"))
    type_label = models.CharField(_("libellé du type"), max_length=150)

    class Meta:
        verbose_name = _("contexte de travail")
        verbose_name_plural = _("contextes de travail")
        ordering = ["type_code", "label"]

    def __str__(self) -> str:
        return self.label


class OccupationWorkContext(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="context_links")
    context = models.ForeignKey(WorkContext, on_delete=models.CASCADE, related_name="occupation_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occupation", "context"], name="occupation_context_unique")]

    def __str__(self) -> str:
        return f"{self.occupation_id} · {self.context_id}"


class Mobility(models.Model):
    """A professional mobility suggested by the ROME from one occupation to another, in ROME's order."""

    source = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="mobilities")
    target = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(_("ordre"))

    class Meta:
        verbose_name = _("mobilité")
        verbose_name_plural = _("mobilités")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="mobility_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class Sector(models.Model):
    """A sector (secteur d'activité) or, when it has a parent, a sub-sector."""

    code = models.PositiveIntegerField(_("code"), unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    definition = models.TextField(_("définition"), blank=True)
    parent_code = models.PositiveIntegerField(_("secteur parent"), null=True, blank=True)

    class Meta:
        verbose_name = _("secteur d'activité")
        verbose_name_plural = _("secteurs d'activité")

    def __str__(self) -> str:
        return self.label


class OccupationSector(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="sector_links")
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="occupation_links")
    is_principal = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occupation", "sector"], name="occupation_sector_unique")]

    def __str__(self) -> str:
        return f"{self.occupation_id} · {self.sector_id}"


class ReferentialImport(models.Model):
    """One successful import: which files (checksum), which ROME version, the counts and the profile coverage."""

    checksum = models.CharField(max_length=64, db_index=True)
    rome_version = models.CharField(max_length=10)
    source = models.CharField(max_length=300)
    finished_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField()
    counts = models.JSONField(default=dict)
    coverage = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import du référentiel")
        verbose_name_plural = _("imports du référentiel")
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        return f"ROME v{self.rome_version} · {self.finished_at:%Y-%m-%d %H:%M}"
