from django.urls import path

from openbilan.www.projects import views

app_name = "projects"
bilan = "bilan/<int:enrolment_id>/"
project = "<int:project_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path(bilan, views.bilan, name="bilan"),
    path(bilan + "nouveau/", views.start, name="start"),
    path(bilan + "conservation/", views.retention, name="retention"),
    path(bilan + "synthese/", views.synthesis, name="synthesis"),
    path(bilan + "synthese/rediger/", views.synthesis_edit, name="synthesis_edit"),
    path(bilan + "synthese/etat/", views.synthesis_action, name="synthesis_action"),
    path(bilan + "synthese/commentaire/", views.synthesis_comment, name="synthesis_comment"),
    path(bilan + "synthese/version/<int:number>/", views.synthesis_version, name="synthesis_version"),
    path(bilan + "synthese/pdf/", views.synthesis_pdf, name="synthesis_pdf"),
    path(bilan + "synthese/partages/", views.share, name="share"),
    path(bilan + "synthese/partages/<int:link_id>/retirer/", views.revoke, name="revoke"),
    path(project, views.project, name="project"),
    path(project + "notes/", views.notes, name="notes"),
    path(project + "actualiser/", views.refresh, name="refresh"),
    path(project + "financement/", views.funding, name="funding"),
    path(project + "formation/", views.choose_training, name="training"),
    path(project + "marche/", views.market, name="market"),
    path(project + "etapes/", views.step_add, name="step_add"),
    path(project + "etapes/<int:step_id>/", views.step_done, name="step_done"),
    path(project + "terrain/", views.field, name="field"),
    path(project + "supprimer/<str:kind>/<int:item_id>/", views.delete, name="delete"),
    path(project + "validation/", views.transition, name="transition"),
    path("partage/<str:token>/", views.shared, name="shared"),
    path("partage/<str:token>/pdf/", views.shared_pdf, name="shared_pdf"),
]
