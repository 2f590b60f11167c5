from django.urls import path

from openbilan.www.dashboards import views

urlpatterns = [
    path("accueil/", views.home, name="home"),
    path("mon-bilan/", views.beneficiary_home, name="beneficiary_home"),
    path("consultant/", views.coach_home, name="coach_home"),
    path("operateur/", views.operator_home, name="operator_home"),
    path("financeur/", views.funder_home, name="funder_home"),
    path("prescripteur/", views.prescriber_home, name="prescriber_home"),
]
