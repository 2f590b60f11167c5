"""Users, organisations and the roles people hold in them."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Bénéficiaire")
    COACH = "coach", _("Consultant·e")
    OPERATOR_ADMIN = "operator_admin", _("Administrateur·rice opérateur")
    FUNDER_VIEWER = "funder_viewer", _("Financeur")
    PRESCRIBER = "prescriber", _("Prescripteur")
    PROFESSIONAL = "professional", _("Professionnel·le")


# When a person holds several roles, the home page is the first of these they hold.
ROLE_PRECEDENCE = (
    Role.OPERATOR_ADMIN,
    Role.COACH,
    Role.PRESCRIBER,
    Role.FUNDER_VIEWER,
    Role.BENEFICIARY,
    Role.PROFESSIONAL,
)
STAFF_ROLES = frozenset({Role.COACH, Role.OPERATOR_ADMIN})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a personal account. People sign in with their e-mail address; there is no username."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    # The language the person last chose on the site: their e-mails are written in it (openbilan/mail.py).
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rice·s")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this person holds in any organisation (one query, cached on the instance)."""
        return frozenset(self.memberships.filter(is_active=True).values_list("role", flat=True))

    @property
    def primary_role(self) -> str | None:
        return next((role for role in ROLE_PRECEDENCE if role in self.roles), None)

    @property
    def is_beneficiary(self) -> bool:
        return Role.BENEFICIARY in self.roles

    @property
    def is_coach(self) -> bool:
        return Role.COACH in self.roles

    @property
    def is_operator_admin(self) -> bool:
        return Role.OPERATOR_ADMIN in self.roles

    @property
    def is_prescriber(self) -> bool:
        return Role.PRESCRIBER in self.roles


class Organisation(models.Model):
    class Kind(models.TextChoices):
        OPERATOR = "operator", _("Opérateur de bilans")
        FUNDER = "funder", _("Financeur")
        PRESCRIBER = "prescriber", _("Prescripteur")

    class Network(models.TextChoices):
        FRANCE_TRAVAIL = "france_travail", _("France Travail")
        MISSION_LOCALE = "mission_locale", _("Mission locale")
        APEC = "apec", _("APEC")
        CAP_EMPLOI = "cap_emploi", _("Cap emploi")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    network = models.CharField(
        _("réseau prescripteur"),
        max_length=20,
        choices=Network.choices,
        blank=True,
        help_text=_("Pour un prescripteur seulement."),
    )
    # Issue 23: ProConnect's `siret` claim ties an agent who signs in to the organisation with this SIRET.
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        default="",
        db_default="",  # the running release inserts organisations without it during a deployment
        validators=[RegexValidator(r"^[0-9]{14}$", _("Le SIRET compte 14 chiffres, sans espace."))],
        help_text=_(
            "14 chiffres. Les agents qui se connectent avec ProConnect sont rattachés à l'organisation de leur SIRET."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="prescriber") | models.Q(network=""),
                name="organisation_network_only_for_prescribers",
            ),
            models.UniqueConstraint(fields=["siret"], condition=~models.Q(siret=""), name="organisation_unique_siret"),
        ]

    def __str__(self) -> str:
        return self.name


# Which kind of organisation each role belongs to.
ROLE_ORGANISATION_KIND = {
    Role.BENEFICIARY: Organisation.Kind.OPERATOR,
    Role.COACH: Organisation.Kind.OPERATOR,
    Role.OPERATOR_ADMIN: Organisation.Kind.OPERATOR,
    Role.FUNDER_VIEWER: Organisation.Kind.FUNDER,
    Role.PRESCRIBER: Organisation.Kind.PRESCRIBER,
    # A professional volunteers in the network of the operator that approved or invited them.
    Role.PROFESSIONAL: Organisation.Kind.OPERATOR,
}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ChangeProposal(models.Model):
    """A change of name or e-mail an operator's file asked for, which the person accepts or refuses on their own
    page. An import never changes an existing account (issue 16): the account may be used with other operators,
    and its owner decides. One pending proposal per account and organisation; decided ones stay as the record."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="change_proposals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposé par")
    )
    first_name = models.CharField(_("prénom proposé"), max_length=150)
    last_name = models.CharField(_("nom proposé"), max_length=150)
    email = models.EmailField(_("adresse e-mail proposée"))
    created_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    accepted = models.BooleanField(_("accepté"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition de changement du compte")
        verbose_name_plural = _("propositions de changement du compte")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(decided_at__isnull=True),
                name="one_pending_change_proposal_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True, accepted__isnull=True)
                | models.Q(decided_at__isnull=False, accepted__isnull=False),
                name="change_proposal_decided_with_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} · user {self.user_id} · {'pending' if self.decided_at is None else self.accepted}"

    def changes(self) -> list[tuple[str, str, str]]:
        """(what, current value, proposed value) for each field that would change."""
        pairs = (
            (_("Prénom"), self.user.first_name, self.first_name),
            (_("Nom"), self.user.last_name, self.last_name),
            (_("Adresse e-mail"), self.user.email, self.email),
        )
        return [(str(label), now, new) for label, now, new in pairs if now != new]
