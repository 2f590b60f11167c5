"""What the partner API reads and writes. A prescriber sees of its referrals what it sees on its pages: the person it
referred, the referral's state, and the status and outcome only when the person shares them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openbilan.enrolments.models import DropReason, Enrolment, EnrolmentStatus, OutcomeKind, SocialMinima
from openbilan.partners.models import Event, WebhookEndpoint
from openbilan.partners.selectors import follow_up_shared
from openbilan.programmes.models import Programme, Referral
from openbilan.referential.choices import QualificationLevel
from openbilan.reporting.models import Publication


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["slug", "name", "starts_on", "ends_on"]


class FollowUpSerializer(serializers.Serializer):
    shared = serializers.BooleanField(help_text=_("La personne partage l'état de son parcours avec vous."))
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices, allow_null=True)
    status_changed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.ChoiceField(choices=OutcomeKind.choices, allow_null=True)
    outcome_on = serializers.DateField(allow_null=True)


# What a prescriber reads of a referral's state. A referral the operator checks as a possible duplicate (the address
# or the name and birth date are known), or has attached to a known person, reads "invited" like any other: the answer
# never tells whether someone already has an account (issue 16, finding 5; the pages do the same).
PRESCRIBER_STATES = {Referral.State.CANCELLED: "cancelled"}
PRESCRIBER_STATE_CHOICES = [
    ("invited", _("La personne est invitée (ou l'organisme qui mène le bilan vérifie l'orientation).")),
    ("cancelled", _("L'orientation a été annulée.")),
]


class ReferralSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    state = serializers.SerializerMethodField()
    follow_up = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["id", "programme", "state", "created_at", "first_name", "last_name", "email", "follow_up"]

    @extend_schema_field(serializers.ChoiceField(choices=PRESCRIBER_STATE_CHOICES))
    def get_state(self, referral) -> str:
        return PRESCRIBER_STATES.get(referral.state, "invited")

    def get_follow_up(self, referral) -> FollowUpSerializer:
        enrolment = follow_up_shared(referral)
        if enrolment is None:
            data = {"shared": False, "status": None, "status_changed_at": None, "outcome": None, "outcome_on": None}
        else:
            data = {
                "shared": True,
                "status": enrolment.status,
                "status_changed_at": enrolment.status_changed_at,
                "outcome": enrolment.outcome or None,
                "outcome_on": enrolment.outcome_on,
            }
        return FollowUpSerializer(data).data


class ReferralCreateSerializer(serializers.Serializer):
    programme = serializers.SlugField(max_length=80, help_text=_("L'identifiant du programme (voir /programmes/)."))
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    phone = serializers.RegexField(r"^\+?[0-9 .()-]{6,20}$", max_length=20, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    postcode = serializers.RegexField(r"^\d{5}$", max_length=5, required=False, allow_blank=True)
    qualification_level = serializers.ChoiceField(choices=QualificationLevel.choices, required=False, allow_blank=True)
    qpv = serializers.BooleanField(required=False, allow_null=True, default=None)
    zrr = serializers.BooleanField(required=False, allow_null=True, default=None)
    single_parent = serializers.BooleanField(required=False, allow_null=True, default=None)
    social_minima = serializers.ChoiceField(choices=SocialMinima.choices, required=False, allow_blank=True)
    job_seeker_since = serializers.DateField(required=False, allow_null=True)

    DETAILS = (
        "phone",
        "birth_date",
        "postcode",
        "qualification_level",
        "qpv",
        "zrr",
        "single_parent",
        "social_minima",
        "job_seeker_since",
    )

    def validate_birth_date(self, day):
        today = timezone.localdate()
        if day and not (today.replace(year=today.year - 99) <= day <= today.replace(year=today.year - 15)):
            raise serializers.ValidationError(
                _("Vérifiez la date de naissance : la personne doit avoir de 15 à 99 ans.")
            )
        return day

    def validate_job_seeker_since(self, day):
        today = timezone.localdate()
        if day and day > today:
            raise serializers.ValidationError(_("Cette date est dans le futur."))
        if day and day < today.replace(year=today.year - 80):
            raise serializers.ValidationError(_("Vérifiez cette date : elle est trop ancienne."))
        return day

    def details(self) -> dict:
        defaults = {"phone": "", "postcode": "", "qualification_level": "", "social_minima": ""}
        return {name: self.validated_data.get(name, defaults.get(name)) for name in self.DETAILS}


class PublicationSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Publication
        fields = ["id", "programme", "as_of", "kind", "made_at", "minimum_cell"]


class PublicationReportSerializer(PublicationSerializer):
    report = serializers.SerializerMethodField(
        help_text=_(
            "Les chiffres publiés, comme sur le tableau de bord : une case de moins de `minimum_cell` personnes vaut "
            "« < 11 » (null), et une seconde case est masquée quand la première se retrouverait par soustraction."
        )
    )

    class Meta(PublicationSerializer.Meta):
        fields = [*PublicationSerializer.Meta.fields, "report"]

    def get_report(self, publication) -> dict:
        from openbilan.www.reporting.documents import localised  # the funder's JSON download, the same document

        return localised(publication.report, publication)


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), required=False, allow_empty=False, max_length=10
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"url": {"max_length": 500}}


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True, help_text=_("Le secret qui signe les envois. Il n'est montré qu'une fois : gardez-le.")
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model keeps blank when unset: null in the API, never a value outside the enum."""

    def to_representation(self, value):
        return value or None


class EnrolmentSerializer(serializers.ModelSerializer):
    """What an operator's admins see of an enrolment in the cohort file: who, which programme, the status and its
    dates, the prescriber, the outcome. Never the bilan itself (results, exercises, synthesis)."""

    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    first_name = serializers.CharField(source="beneficiary.first_name", read_only=True)
    last_name = serializers.CharField(source="beneficiary.last_name", read_only=True)
    email = serializers.EmailField(source="beneficiary.email", read_only=True)
    prescriber = serializers.CharField(source="prescriber.name", read_only=True, allow_null=True, default=None)
    drop_reason = BlankAsNullChoiceField(choices=DropReason.choices, allow_null=True, read_only=True)
    outcome = BlankAsNullChoiceField(choices=OutcomeKind.choices, allow_null=True, read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "external_id",
            "first_name",
            "last_name",
            "email",
            "prescriber",
            "referred_on",
            "status",
            "status_changed_at",
            "consented_at",
            "completed_at",
            "dropped_at",
            "drop_reason",
            "outcome",
            "outcome_on",
        ]
        read_only_fields = fields


class CohortImportSerializer(serializers.Serializer):
    """What an import did: the counts of the file's rows."""

    programme = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    statuses_ignored = serializers.BooleanField(
        help_text=_("Le fichier donnait des statuts : ils sont lus et vérifiés, pas appliqués (docs/COHORT_CSV.md).")
    )
