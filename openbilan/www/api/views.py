"""The partner API (/api/v1/): thin views over openbilan.partners. Every call is answered in the caller's language
(Accept-Language, French by default), counted against the token's rate limit, and written to the access log."""

import json
import logging
import time

from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.response import Response

from openbilan.partners import errors, selectors, services, webhooks
from openbilan.partners.models import ApiToken, Scope
from openbilan.privacy import throttle
from openbilan.www.api.authentication import TokenAuthentication
from openbilan.www.api.problems import problem
from openbilan.www.api.serializers import (
    CohortImportSerializer,
    EnrolmentSerializer,
    ProgrammeSerializer,
    PublicationReportSerializer,
    PublicationSerializer,
    ReferralCreateSerializer,
    ReferralSerializer,
    WebhookCreatedSerializer,
    WebhookSerializer,
)

logger = logging.getLogger(__name__)
LANGUAGES = ("fr", "en")
MAX_ID = 2**63 - 1
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Une clé unique par orientation (UUID conseillé) : renvoyer la même demande avec la même clé rend la même "
        "réponse sans créer de doublon, pendant 24 heures. / One key per referral: the same request with the same "
        "key gets the same answer, without a duplicate, for 24 hours."
    ),
)


def accept_language(request) -> str:
    """French unless the caller asks for English first (Accept-Language)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for language, _quality in translation.trans_real.parse_accept_lang_header(header):
        code = language.split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "fr"


class Pages(PageNumberPagination):
    """Pages of 50 by default, up to 200 with `page_size`; a wrong `page_size` is refused (never ignored)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if len(values) == 1 and values[0].isascii() and values[0].isdigit() and 1 <= int(values[0]) <= 200:
            return int(values[0])
        raise exceptions.ValidationError({self.page_size_query_param: [_("Un nombre entier de 1 à 200.")]})


class PartnerView(GenericAPIView):
    """The base of every API view: token authentication, the scopes each method needs, rate limit, language, log."""

    authentication_classes = [TokenAuthentication]
    permission_classes = []
    metadata_class = None  # OPTIONS answers 405, like any method not listed
    scopes: dict[str, tuple[str, ...]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token = request.auth
        if not isinstance(token, ApiToken):
            raise errors.NotAuthenticated()
        wanted = self.scopes.get(request.method, ())
        if wanted and not set(wanted) & set(token.scopes):
            raise errors.ScopeMissing()

    def check_throttles(self, request):
        if isinstance(request.auth, ApiToken):
            throttle.attempt("api", f"token:{request.auth.pk}")

    @property
    def token(self) -> ApiToken:
        return self.request.auth

    def dispatch(self, request, *args, **kwargs):
        started = time.monotonic()
        language = accept_language(request)
        response = None
        try:
            with translation.override(language):
                response = super().dispatch(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            response["Content-Language"] = language
            patch_vary_headers(response, ["Accept-Language", "Authorization"])
            patch_cache_control(response, no_store=True, private=True)
            return response
        finally:
            self._log(request, response, started)

    def _log(self, request, response, started) -> None:
        drf_request = getattr(self, "request", None)
        token = getattr(drf_request, "_auth", None)
        try:
            services.record_call(
                token=token if isinstance(token, ApiToken) else None,
                method=request.method,
                path=request.path,
                status_code=response.status_code if response is not None else 500,
                duration_ms=int((time.monotonic() - started) * 1000),
                address=request.META.get("REMOTE_ADDR"),
                replayed=response is not None and response.get("Idempotent-Replayed") == "true",
            )
        except Exception:  # the log must never turn an answer into an error; the failure itself is logged
            logger.exception("API call not recorded")


def _id(value) -> int:
    """A path id, or 404 (never a database overflow for a huge number)."""
    try:
        number = int(str(value))
    except ValueError:
        raise exceptions.NotFound() from None
    if not 0 < number <= MAX_ID:
        raise exceptions.NotFound()
    return number


class ProgrammeList(mixins.ListModelMixin, PartnerView):
    """The programmes your organisation may refer people to."""

    serializer_class = ProgrammeSerializer
    pagination_class = Pages
    scopes = {"GET": (Scope.REFERRALS_READ, Scope.REFERRALS_WRITE, Scope.COHORTS_READ, Scope.COHORTS_WRITE)}

    def get_queryset(self):
        if self.token.organisation_id == self.token.operator_id:  # the operator's own token: the programmes it runs
            return selectors.cohort_programmes_for(self.token)
        return selectors.programmes_for(self.token)

    @extend_schema(operation_id="programmes_list", tags=["programmes"])
    def get(self, request):
        """The programmes your organisation may refer people to (an operator: the programmes it runs)."""
        return self.list(request)


class ReferralList(mixins.ListModelMixin, PartnerView):
    serializer_class = ReferralSerializer
    pagination_class = Pages
    scopes = {"GET": (Scope.REFERRALS_READ,), "POST": (Scope.REFERRALS_WRITE,)}

    def get_queryset(self):
        return selectors.referrals_for(self.token)

    @extend_schema(operation_id="referrals_list", tags=["referrals"])
    def get(self, request):
        """Your organisation's referrals, newest first: the status and outcome only where the person shares them."""
        return self.list(request)

    @extend_schema(
        operation_id="referrals_create",
        tags=["referrals"],
        request=ReferralCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ReferralSerializer, 200: OpenApiResponse(ReferralSerializer, "Réponse rejouée / replayed")},
    )
    def post(self, request):
        """Refer a person: they receive an invitation by e-mail and join only by accepting it themselves."""
        key = request.headers.get("Idempotency-Key")
        if key is not None and not (0 < len(key) <= 255 and key.isprintable() and key.isascii()):
            raise exceptions.ValidationError({"Idempotency-Key": [_("De 1 à 255 caractères ASCII imprimables.")]})
        form = ReferralCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        print_ = services.fingerprint(request.method, request.path, json.dumps(request.data, sort_keys=True).encode())
        with transaction.atomic():
            if key is not None:
                earlier = services.earlier_answer(token=self.token, key=key, print_=print_)
                if earlier is not None:
                    return Response(earlier.body, status=status.HTTP_200_OK, headers={"Idempotent-Replayed": "true"})
            programme = selectors.programme_for(self.token, form.validated_data["programme"])
            if programme is None:
                raise exceptions.ValidationError({"programme": [_("Programme inconnu de votre organisation.")]})
            referral = services.refer(
                token=self.token,
                programme=programme,
                first_name=form.validated_data["first_name"],
                last_name=form.validated_data["last_name"],
                email=form.validated_data["email"],
                **form.details(),
            )
            body = ReferralSerializer(selectors.referral_for(self.token, referral.pk)).data
            if key is not None:
                services.remember_answer(token=self.token, key=key, print_=print_, status_code=201, body=body)
        location = request.build_absolute_uri(f"{request.path}{referral.pk}/")
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class ReferralDetail(PartnerView):
    serializer_class = ReferralSerializer
    scopes = {"GET": (Scope.REFERRALS_READ,)}

    @extend_schema(
        operation_id="referrals_retrieve",
        tags=["referrals"],
        parameters=[OpenApiParameter("referral_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    def get(self, request, referral_id):
        """One referral of your organisation (404 for any other)."""
        referral = selectors.referral_for(self.token, _id(referral_id))
        if referral is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(referral).data)


class PublicationList(mixins.ListModelMixin, PartnerView):
    serializer_class = PublicationSerializer
    pagination_class = Pages
    scopes = {"GET": (Scope.FIGURES_READ,)}

    def get_queryset(self):
        return selectors.publications_for(self.token)

    @extend_schema(operation_id="publications_list", tags=["figures"])
    def get(self, request):
        """The publications of the programmes your organisation funds, newest first."""
        return self.list(request)


class PublicationDetail(PartnerView):
    serializer_class = PublicationReportSerializer
    scopes = {"GET": (Scope.FIGURES_READ,)}

    @extend_schema(
        operation_id="publications_retrieve",
        tags=["figures"],
        parameters=[OpenApiParameter("publication_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    def get(self, request, publication_id):
        """One publication with its figures, as published (small cells suppressed)."""
        publication = selectors.publication_for(self.token, _id(publication_id))
        if publication is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(publication).data)


class WebhookList(mixins.ListModelMixin, PartnerView):
    serializer_class = WebhookSerializer
    pagination_class = Pages
    scopes = {"GET": (Scope.WEBHOOKS,), "POST": (Scope.WEBHOOKS,)}

    def get_queryset(self):
        return selectors.webhooks_of(self.token)

    @extend_schema(operation_id="webhooks_list", tags=["webhooks"])
    def get(self, request):
        return self.list(request)

    @extend_schema(
        operation_id="webhooks_create",
        tags=["webhooks"],
        request=WebhookSerializer,
        responses={201: WebhookCreatedSerializer},
    )
    def post(self, request):
        """Register an https address; the answer carries the signing secret, shown only this once."""
        form = WebhookSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        endpoint, secret = webhooks.register(
            token=self.token, url=form.validated_data["url"], events=form.validated_data.get("events")
        )
        body = {**WebhookSerializer(endpoint).data, "secret": secret}
        return Response(body, status=status.HTTP_201_CREATED)


class WebhookDetail(PartnerView):
    serializer_class = WebhookSerializer
    scopes = {"DELETE": (Scope.WEBHOOKS,)}

    @extend_schema(
        operation_id="webhooks_destroy",
        tags=["webhooks"],
        parameters=[OpenApiParameter("webhook_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={204: None},
    )
    def delete(self, request, webhook_id):
        """Stop sending events to this address."""
        endpoint = selectors.webhook_of(self.token, _id(webhook_id))
        if endpoint is None:
            raise exceptions.NotFound()
        webhooks.disable(token=self.token, endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


MAX_COHORT_BYTES = 10 * 1024 * 1024  # as on the upload page
COHORT_BODY = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    },
    "text/csv": {"type": "string"},
}


class CsvParser(BaseParser):
    """A cohort file sent as the body itself (`Content-Type: text/csv`): its bytes, decoded by the import."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(MAX_COHORT_BYTES + 1)


class CohortImport(PartnerView):
    serializer_class = CohortImportSerializer
    parser_classes = [MultiPartParser, CsvParser]
    scopes = {"POST": (Scope.COHORTS_WRITE,)}

    def _file(self, request) -> tuple[bytes, str]:
        if isinstance(request.data, bytes):
            data, name = request.data, ""
        else:
            upload = request.FILES.get("file")
            if upload is None or upload.size > MAX_COHORT_BYTES:
                data, name = b"", ""
            else:
                data, name = upload.read(), upload.name or ""
        if not data:
            raise exceptions.ValidationError({"file": [_("Envoyez un fichier CSV non vide (10 Mo au plus).")]})
        if len(data) > MAX_COHORT_BYTES:
            raise exceptions.ValidationError({"file": [_("Envoyez un fichier CSV non vide (10 Mo au plus).")]})
        return data, name

    @extend_schema(
        operation_id="cohorts_import",
        tags=["cohorts"],
        request=COHORT_BODY,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: CohortImportSerializer,
            200: OpenApiResponse(CohortImportSerializer, "Réponse rejouée / replayed"),
        },
    )
    def post(self, request, slug):
        """Import a cohort file (docs/COHORT_CSV.md) into a programme your operator runs: all or nothing; a 422
        problem lists every row's problems and nothing is saved."""
        key = request.headers.get("Idempotency-Key")
        if key is not None and not (0 < len(key) <= 255 and key.isprintable() and key.isascii()):
            raise exceptions.ValidationError({"Idempotency-Key": [_("De 1 à 255 caractères ASCII imprimables.")]})
        programme = selectors.cohort_programme_for(self.token, slug)
        if programme is None:
            raise exceptions.NotFound()
        data, name = self._file(request)
        print_ = services.fingerprint(request.method, request.path, data)
        with transaction.atomic():
            if key is not None:
                earlier = services.earlier_answer(token=self.token, key=key, print_=print_)
                if earlier is not None:
                    return Response(earlier.body, status=status.HTTP_200_OK, headers={"Idempotent-Replayed": "true"})
            report = services.import_cohort(token=self.token, programme=programme, data=data, file_name=name)
            if not report.applied:
                return problem(
                    request,
                    status=422,
                    code="cohort_refused",
                    title=_("Le fichier n'est pas importé"),
                    detail=_(
                        "Rien n'est enregistré : corrigez les lignes indiquées dans « rows » et renvoyez le fichier."
                    ),
                    rows=[
                        {"line": p.line, "column": p.column, "value": p.value, "reason": p.reason, "warning": p.warning}
                        for p in report.problems
                    ],
                )
            body = CohortImportSerializer(
                {
                    "programme": programme.slug,
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "statuses_ignored": report.statuses_ignored,
                }
            ).data
            if key is not None:
                services.remember_answer(token=self.token, key=key, print_=print_, status_code=201, body=body)
        return Response(body, status=status.HTTP_201_CREATED)


class EnrolmentList(mixins.ListModelMixin, PartnerView):
    serializer_class = EnrolmentSerializer
    pagination_class = Pages
    scopes = {"GET": (Scope.COHORTS_READ,)}

    def get_queryset(self):
        slug = self.request.query_params.get("programme")
        programme = None
        if slug is not None:
            programme = selectors.cohort_programme_for(self.token, slug)
            if programme is None:
                raise exceptions.ValidationError({"programme": [_("Programme inconnu de votre organisation.")]})
        return selectors.enrolments_for(self.token, programme)

    @extend_schema(
        operation_id="enrolments_list",
        tags=["cohorts"],
        parameters=[OpenApiParameter("programme", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False)],
    )
    def get(self, request):
        """The enrolments of the programmes your operator runs, newest first: status, dates, prescriber, outcome,
        never the bilan itself. Each person read is written to their access log."""
        page = self.paginate_queryset(self.get_queryset())
        services.record_enrolment_reads(token=self.token, enrolments=page, path=request.path)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a problem document, not the site's HTML page."""
    with translation.override(accept_language(request)):
        body = {
            "type": "urn:openbilan:problem:not_found",
            "title": _("Introuvable"),
            "status": 404,
            "detail": _("Introuvable"),
            "instance": request.path,
            "code": "not_found",
        }
        language = translation.get_language()
    response = HttpResponse(json.dumps(body), status=404, content_type="application/problem+json")
    response["Content-Language"] = language
    return response
