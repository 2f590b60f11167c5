from django.urls import path

from openbilan.www.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("consentement/", views.consent, name="consent"),
    path("telecharger/", views.download, name="download"),
    path("effacer/", views.erase, name="erase"),
]
