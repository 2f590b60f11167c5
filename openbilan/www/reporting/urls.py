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
    path("<slug:slug>/chiffres-csv.zip", views.export_csv, name="export_csv"),
    path("<slug:slug>/chiffres.xlsx", views.export_xlsx, name="export_xlsx"),
    # issue 18: the one-page summary (the pilot's "Bilan de cet accompagnement") and the tidy CSV
    path("<slug:slug>/bilan/", views.summary, name="summary"),
    path("<slug:slug>/bilan.pdf", views.summary_pdf, name="summary_pdf"),
    path("<slug:slug>/donnees.csv", views.export_tidy, name="export_tidy"),
]
