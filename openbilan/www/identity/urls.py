from django.urls import path

from openbilan.www.identity import views

app_name = "identity"
urlpatterns = [
    path("franceconnect/connexion/", views.start, {"slug": "franceconnect"}, name="franceconnect_start"),
    path("franceconnect/retour/", views.callback, {"slug": "franceconnect"}, name="franceconnect_callback"),
    path("proconnect/connexion/", views.start, {"slug": "proconnect"}, name="proconnect_start"),
    path("proconnect/retour/", views.callback, {"slug": "proconnect"}, name="proconnect_callback"),
    # Signs out here, and at FranceConnect / ProConnect too when the session was opened there.
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("deconnecte/", views.logged_out, name="logged_out"),
    path("lier/", views.link_page, name="link"),
    path("lier/email/", views.link_by_email, name="link_email"),
    path("lier/confirmer/<str:token>/", views.link_confirm, name="link_confirm"),
]
