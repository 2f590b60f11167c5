from django.urls import path

from openbilan.www.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("orientations/", views.referrals, name="referrals"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/rapport/", views.report, name="report"),
    path("<slug:slug>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/rapport.json", views.report_json, name="report_json"),
    path("<slug:slug>/chiffres.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/chiffres.xlsx", views.export_xlsx, name="export_xlsx"),
]
