from django.urls import path

from openbilan.www.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.offers, name="offers"),
    path("offres/<slug:slug>/", views.offer, name="offer"),
    path("reclamation/", views.complaint_new, name="complaint_new"),
    path("mes-reclamations/", views.my_complaints, name="my_complaints"),
    path("amenagements/", views.my_accommodations, name="my_accommodations"),
    path("amenagements/<int:accommodation_id>/retirer/", views.accommodation_withdraw, name="accommodation_withdraw"),
    path("equipe/amenagements/", views.accommodations, name="accommodations"),
    path("operateur/", views.manage, name="manage"),
    path("operateur/reglages/", views.operator_settings, name="settings"),
    path("operateur/offres/<slug:slug>/", views.offer_edit, name="offer_edit"),
    path("operateur/offres/<slug:slug>/publication/", views.offer_publish, name="offer_publish"),
    path("operateur/offres/<slug:slug>/resultats/", views.results_publish, name="results_publish"),
    path("operateur/reclamations/", views.complaints, name="complaints"),
    path("operateur/reclamations/<int:complaint_id>/", views.complaint, name="complaint"),
]
