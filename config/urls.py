from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("openbilan.www.urls")),
    path("compte/", include("openbilan.www.accounts.urls")),
    path("metiers/", include("openbilan.www.explorer.urls")),
    path("questionnaires/", include("openbilan.www.assessments.urls")),
    path("parcours/", include("openbilan.www.journeys.urls")),
    path("suggestions/", include("openbilan.www.recommendations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(f"{settings.OPENBILAN_ADMIN_PATH}/", admin.site.urls),
]
