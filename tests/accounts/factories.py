import factory
from factory.django import DjangoModelFactory

from openbilan.accounts.models import ROLE_ORGANISATION_KIND, Membership, Organisation, Role, User

PASSWORD = "un-mot-de-passe-solide"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.OPERATOR

    class Params:
        funder = factory.Trait(kind=Organisation.Kind.FUNDER, name=factory.Sequence(lambda n: f"Région {n}"))
        prescriber = factory.Trait(
            kind=Organisation.Kind.PRESCRIBER,
            network=Organisation.Network.FRANCE_TRAVAIL,
            name=factory.Sequence(lambda n: f"France Travail agence {n}"),
        )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, organisation=None, **kwargs):
        """`UserFactory(role=Role.COACH)` also creates the membership, in `role__organisation` or a new one."""
        if not create or not extracted:
            return
        if organisation is None:
            kind = ROLE_ORGANISATION_KIND[Role(extracted)]
            network = Organisation.Network.FRANCE_TRAVAIL if kind == Organisation.Kind.PRESCRIBER else ""
            organisation = OrganisationFactory(kind=kind, network=network)
        MembershipFactory(user=obj, organisation=organisation, role=extracted)
        obj.__dict__.pop("roles", None)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.BENEFICIARY


def beneficiary(**kwargs) -> User:
    return UserFactory(role=Role.BENEFICIARY, **kwargs)


def coach(**kwargs) -> User:
    return UserFactory(role=Role.COACH, **kwargs)


def operator_admin(**kwargs) -> User:
    return UserFactory(role=Role.OPERATOR_ADMIN, **kwargs)


def funder_viewer(**kwargs) -> User:
    return UserFactory(role=Role.FUNDER_VIEWER, **kwargs)


def prescriber(**kwargs) -> User:
    return UserFactory(role=Role.PRESCRIBER, **kwargs)


def totp_device(user, *, confirmed: bool = True):
    """The user's TOTP device (django-otp), created once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    return device or TOTPDevice.objects.create(user=user, name="OpenBilan", confirmed=confirmed)


def totp_token(device) -> str:
    """The code the person's authenticator app shows now."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def verify_otp(client, user) -> None:
    """Mark a force_login'd staff session (or the technical admin's) as having passed two-factor authentication
    (no-op for other roles)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from openbilan.accounts.models import STAFF_ROLES

    user.__dict__.pop("roles", None)
    if not (user.roles & STAFF_ROLES or user.is_staff):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
