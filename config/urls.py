from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("openbilan.www.health.urls")),
    path("", include("openbilan.www.urls")),
    path("compte/", include("openbilan.www.accounts.urls")),
    path("metiers/", include("openbilan.www.explorer.urls")),
    path("questionnaires/", include("openbilan.www.assessments.urls")),
    path("parcours/", include("openbilan.www.journeys.urls")),
    path("suggestions/", include("openbilan.www.recommendations.urls")),
    path("accompagnement/", include("openbilan.www.coaching.urls")),
    path("projet/", include("openbilan.www.projects.urls")),
    path("reseau/", include("openbilan.www.network.urls")),
    path("programmes/", include("openbilan.www.programmes.urls")),
    path("rapports/", include("openbilan.www.reporting.urls")),
    path("mes-donnees/", include("openbilan.www.privacy.urls")),
    path("qualite/", include("openbilan.www.quality.urls")),
    # Issue 21: certifications and training sessions.
    path("formations/", include("openbilan.www.training.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(f"{settings.OPENBILAN_ADMIN_PATH}/", admin.site.urls),
    # Issue 23: FranceConnect and ProConnect (under /compte/, reachable before the second factor like sign-in).
    path("compte/identite/", include("openbilan.www.identity.urls")),
    # Issue 20: the person's place (commune, distance, job level).
    path("mon-lieu/", include("openbilan.www.territory.urls")),
    # Issue 23: the partner API and the operator's page of tokens and webhook deliveries.
    path("api/v1/", include("openbilan.www.api.urls")),
    path("partenaires/", include("openbilan.www.api.page_urls")),
]

# Issue 19: the site's own error pages, in the layout and in the person's language (openbilan/www/errors.py).
handler400 = "openbilan.www.errors.bad_request"
handler403 = "openbilan.www.errors.permission_denied"
handler404 = "openbilan.www.errors.page_not_found"
handler500 = "openbilan.www.errors.server_error"
