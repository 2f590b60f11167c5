"""The parts of a person's orientation profile this domain owns, and what they do with the suggestions.

Interests and values come from the assessments domain, past jobs and imperatives from the journey; here live the
centres d'intérêt the person picks, the skills they confirm they hold, their reactions to suggestions and their
shortlist. Everything belongs to the person (deleted with their account); their coach may read it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openbilan.referential.models import CentreInteret, Occupation, Skill


class CentreChoice(models.Model):
    """A ROME centre d'intérêt the person says they like ("J'aime le travail manuel")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="centre_choices")
    centre = models.ForeignKey(CentreInteret, on_delete=models.CASCADE, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("centre d'intérêt choisi")
        verbose_name_plural = _("centres d'intérêt choisis")
        constraints = [models.UniqueConstraint(fields=["user", "centre"], name="centre_choice_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.centre_id}"


class ConfirmedSkill(models.Model):
    """A skill of one of their past jobs that the person confirms they hold."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confirmed_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("compétence confirmée")
        verbose_name_plural = _("compétences confirmées")
        constraints = [models.UniqueConstraint(fields=["user", "skill"], name="confirmed_skill_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.skill_id}"


class PathKind(models.TextChoices):
    OCCUPATION = "occupation", _("Métier")
    TRAINING = "training", _("Formation")
    BUSINESS = "business", _("Création d'activité")


class Reaction(models.Model):
    """The person's reaction to one suggestion, with where it stood when they reacted (to measure relevance)."""

    class Kind(models.TextChoices):
        FITS = "fits", _("Ça me correspond")
        NOT_FOR_ME = "not_for_me", _("Pas pour moi")
        UNSURE = "unsure", _("Je ne sais pas")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("réaction"), max_length=12, choices=Kind.choices)
    path = models.CharField(_("piste"), max_length=12, choices=PathKind.choices, default=PathKind.OCCUPATION)
    rank = models.PositiveSmallIntegerField(_("rang au moment de la réaction"), null=True, blank=True)
    score = models.FloatField(_("score au moment de la réaction"), null=True, blank=True)
    version = models.CharField(_("version du référentiel"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réaction à une suggestion")
        verbose_name_plural = _("réactions aux suggestions")
        constraints = [models.UniqueConstraint(fields=["user", "occupation"], name="reaction_once_per_occupation")]
        indexes = [models.Index(fields=["kind", "rank"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.occupation_id} · {self.kind}"


class ShortlistItem(models.Model):
    """An occupation the person keeps for their project, with the kind of path they have in mind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist")
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("piste"), max_length=12, choices=PathKind.choices, default=PathKind.OCCUPATION)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("métier retenu")
        verbose_name_plural = _("métiers retenus")
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "occupation"], name="shortlist_once_per_occupation")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.occupation_id} · {self.path}"


class SuggestionSettings(models.Model):
    """How the person wants their suggestions ranked. Today one choice: whether the hiring demand near them counts
    (on by default, shown in the reasons; the person may turn it off)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_settings")
    local_demand = models.BooleanField(_("tenir compte des recrutements près de chez moi"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réglage des suggestions")
        verbose_name_plural = _("réglages des suggestions")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.local_demand}"
