"""The web layer's URLs. Each feature folder owns its own urls.py."""

from django.urls import include, path

app_name = "www"
urlpatterns = [
    path("", include("openbilan.www.pages.urls")),
    path("", include("openbilan.www.dashboards.urls")),
]
