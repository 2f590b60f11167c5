from django.urls import path

from openbilan.www.api import pages

app_name = "partners"
urlpatterns = [
    path("", pages.index, name="index"),
    path("jetons/<int:token_id>/revocation/", pages.revoke, name="revoke"),
]
