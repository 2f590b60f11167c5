from django.urls import path

from openbilan.www.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("nouveau/", views.programme_create, name="create"),
    path("modele-cohorte.csv", views.cohort_template, name="cohort_template"),
    path("financeurs/nouveau/", views.funder_create, name="funder_create"),
    path("orienter/", views.referral_create, name="referral_create"),
    path("orientations/<int:referral_id>/decision/", views.referral_decision, name="referral_decision"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("enquete/<str:token>/", views.survey, name="survey"),
    path("handicap/", views.disability, name="disability"),
    path("inscriptions/<int:enrolment_id>/situation/", views.outcome, name="outcome"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/modifier/", views.programme_edit, name="edit"),
    path("<slug:slug>/import/", views.cohort_upload, name="cohort_upload"),
    path("<slug:slug>/import/<int:preview_id>/", views.cohort_preview, name="cohort_preview"),
    path("<slug:slug>/cohorte.csv", views.cohort_export, name="cohort_export"),
    path("<slug:slug>/doublons/", views.duplicates, name="duplicates"),
]
