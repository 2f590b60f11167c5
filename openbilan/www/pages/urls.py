from django.urls import path

from openbilan.www.pages import views

urlpatterns = [
    path("", views.index, name="index"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("confidentialite/", views.privacy_policy, name="privacy_policy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
]
