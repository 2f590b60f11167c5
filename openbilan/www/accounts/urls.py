from django.urls import path

from openbilan.www.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("double-authentification/", views.two_factor_view, name="two_factor"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/change/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("propositions/", views.proposals, name="proposals"),  # issue 16: the person decides on a proposed change
]
