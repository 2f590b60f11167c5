"""Places (communes, postcodes, BMO bassins, zones d'emploi, départements, régions), the FAP 2021 occupation families,
DARES's ROME ↔ FAP crosswalk, France Travail's BMO hiring figures per survey year, and the person's place.

Stable keys are the publishers' codes (INSEE commune code, bassin code, zone d'emploi code, FAP code, survey year).
A commune that leaves the official files is kept inactive, so a person's place never points at nothing. Hiring
figures are a family's, never an occupation's: they are stored per FAP family and bassin, as published.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100, blank=True)
    name_year = models.PositiveSmallIntegerField(null=True, blank=True)  # the BMO survey that gave the name

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name or self.code


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100, blank=True)
    name_year = models.PositiveSmallIntegerField(null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="departements")

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class ZoneEmploi(models.Model):
    """A zone d'emploi of INSEE's 2020 zoning (code of four characters)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("zone d'emploi")
        verbose_name_plural = _("zones d'emploi")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Bassin(models.Model):
    """A BMO employment area ("bassin d'emploi") of France Travail. Named by the latest survey that lists it."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    name_year = models.PositiveSmallIntegerField(null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="bassins")
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="bassins"
    )

    class Meta:
        verbose_name = _("bassin d'emploi BMO")
        verbose_name_plural = _("bassins d'emploi BMO")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    bassin = models.ForeignKey(Bassin, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    zone_emploi = models.ForeignKey(
        ZoneEmploi, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_active = models.BooleanField(_("dans les fichiers en vigueur"), default=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "insee_code"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class PostcodeCommune(models.Model):
    """La Poste's postcodes: a postcode covers one or more communes, a commune may have several postcodes."""

    postcode = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["postcode", "commune"], name="territory_postcode_commune")]

    def __str__(self) -> str:
        return f"{self.postcode} · {self.commune_id}"


class FapFamily(models.Model):
    """A code of the FAP 2021 nomenclature at one of its four levels (341, 228, 86 or 22 codes). BMO families are the
    228-level codes."""

    level = models.PositiveSmallIntegerField(_("niveau"))
    code = models.CharField(_("code"), max_length=6)
    label = models.CharField(_("intitulé"), max_length=300)
    parent_code = models.CharField(_("code parent"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("famille professionnelle FAP 2021")
        verbose_name_plural = _("familles professionnelles FAP 2021")
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="territory_fap_level_code")]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"


class RomeFap(models.Model):
    """One line of DARES's crosswalk: a code of the previous ROME (the `code_rome_parent` of ROME 4.0) at one
    qualification level (0 to 9) belongs to one FAP 2021 code; `family` is its BMO family."""

    rome_code = models.CharField(_("code ROME (v3)"), max_length=5)
    qualification = models.PositiveSmallIntegerField(_("niveau de qualification"))
    fap_code = models.CharField(_("code FAP 2021"), max_length=6)
    family = models.CharField(_("famille BMO"), max_length=5, db_index=True)

    class Meta:
        verbose_name = _("correspondance ROME-FAP")
        verbose_name_plural = _("correspondances ROME-FAP")
        ordering = ["rome_code", "qualification"]
        constraints = [
            models.UniqueConstraint(fields=["rome_code", "qualification"], name="territory_romefap_rome_qualif")
        ]

    def __str__(self) -> str:
        return f"{self.rome_code} / {self.qualification} → {self.fap_code}"


class BmoSurvey(models.Model):
    """One year of France Travail's "Besoins en Main-d'Œuvre" survey, as imported."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    source = models.CharField(_("fichier"), max_length=300)
    rows = models.PositiveIntegerField(_("lignes du fichier"))
    families = models.JSONField(default=list)  # the FAP families the survey covers
    bassins = models.JSONField(default=list)  # the bassins it covers
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enquête BMO")
        verbose_name_plural = _("enquêtes BMO")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"BMO {self.year}"


class HiringDemand(models.Model):
    """A family's figures in one bassin for one survey: the sum of the bassin's rows (one per département).

    A figure is None when a part was published as "*" (secret statistique): unknown, never 0. `projects_published`
    is then the sum of the published parts, a lower bound. `level` places the family on the bassin's 1-5 scale of
    projects (figures.demand_levels)."""

    survey = models.ForeignKey(BmoSurvey, on_delete=models.CASCADE, related_name="demand")
    family = models.CharField(_("famille BMO"), max_length=5)
    bassin_code = models.CharField(_("bassin"), max_length=6)
    region_code = models.CharField(_("région"), max_length=3)
    projects = models.PositiveIntegerField(_("projets de recrutement"), null=True)
    projects_published = models.PositiveIntegerField(default=0)
    difficult = models.PositiveIntegerField(_("dont difficiles"), null=True)
    difficult_published = models.PositiveIntegerField(default=0)
    seasonal = models.PositiveIntegerField(_("dont saisonniers"), null=True)
    seasonal_published = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name = _("besoin de recrutement")
        verbose_name_plural = _("besoins de recrutement")
        constraints = [models.UniqueConstraint(fields=["survey", "bassin_code", "family"], name="territory_demand_key")]
        indexes = [models.Index(fields=["survey", "region_code", "family"])]

    def __str__(self) -> str:
        return f"{self.survey_id} · {self.bassin_code} · {self.family}"


class SourceFile(models.Model):
    """The checksum ledger: the last file imported for each role (one per BMO year), so that an unchanged file is
    skipped."""

    key = models.CharField(max_length=40, unique=True)  # "geo", "crosswalk", "fap_labels", "bmo:2025"
    name = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)
    seconds = models.FloatField(default=0)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} · {self.name}"


class JobLevel(models.TextChoices):
    """The level of job the person aims at, in plain words; each reads DARES's qualification codes (France Travail's
    levels: 1 manœuvre, 2 ouvrier spécialisé, 3-4 ouvrier qualifié, 5 employé non qualifié, 6 employé qualifié,
    7 technicien, 8 agent de maîtrise, 9 cadre; 0 not stated)."""

    UNSKILLED = "unskilled", _("Un poste non qualifié (ouvrier ou employé)")
    SKILLED = "skilled", _("Un poste qualifié (ouvrier ou employé qualifié)")
    TECHNICIAN = "technician", _("Technicien, technicienne ou agent de maîtrise")
    MANAGER = "manager", _("Cadre ou ingénieur, ingénieure")


JOB_LEVEL_QUALIFICATIONS = {
    JobLevel.UNSKILLED: (1, 2, 5),
    JobLevel.SKILLED: (3, 4, 6),
    JobLevel.TECHNICIAN: (7, 8),
    JobLevel.MANAGER: (9,),
}
ALL_QUALIFICATIONS = tuple(range(10))


class PersonPlace(models.Model):
    """Where the person lives and looks for work: a commune chosen among the communes of a postcode, how far they can
    travel (road kilometres), and the level of job they aim at. Theirs alone; deleted with their bilan documents."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="place")
    postcode = models.CharField(_("code postal"), max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    travel_km = models.PositiveSmallIntegerField(_("distance possible (km)"), null=True, blank=True)
    job_level = models.CharField(_("niveau de poste visé"), max_length=12, choices=JobLevel.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lieu de la personne")
        verbose_name_plural = _("lieux des personnes")

    def __str__(self) -> str:
        return f"{self.person_id} · {self.commune_id}"

    @property
    def qualifications(self) -> tuple[int, ...]:
        """DARES qualification codes of the job level aimed at; every level when the person has not said."""
        return JOB_LEVEL_QUALIFICATIONS.get(self.job_level, ALL_QUALIFICATIONS)
