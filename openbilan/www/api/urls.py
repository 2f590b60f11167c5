from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from openbilan.www.api import docs, views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.redoc, name="docs"),
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path("referrals/", views.ReferralList.as_view(), name="referrals"),
    path("referrals/<str:referral_id>/", views.ReferralDetail.as_view(), name="referral"),
    path("programmes/<str:slug>/cohort/", views.CohortImport.as_view(), name="cohort"),
    path("enrolments/", views.EnrolmentList.as_view(), name="enrolments"),
    path("publications/", views.PublicationList.as_view(), name="publications"),
    path("publications/<str:publication_id>/", views.PublicationDetail.as_view(), name="publication"),
    path("webhooks/", views.WebhookList.as_view(), name="webhooks"),
    path("webhooks/<str:webhook_id>/", views.WebhookDetail.as_view(), name="webhook"),
    re_path(r"^.*$", views.not_found, name="not_found"),
]
