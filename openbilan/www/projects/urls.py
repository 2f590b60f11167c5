from django.urls import path

from openbilan.www.projects import shared, synthesis, views

app_name = "projects"
bilan = "bilan/<int:enrolment_id>/"
project = "<int:project_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path(bilan, views.bilan, name="bilan"),
    path(bilan + "nouveau/", views.start, name="start"),
    path(bilan + "conservation/", synthesis.retention, name="retention"),
    path(bilan + "synthese/", synthesis.synthesis, name="synthesis"),
    path(bilan + "synthese/rediger/", synthesis.synthesis_edit, name="synthesis_edit"),
    path(bilan + "synthese/etat/", synthesis.synthesis_action, name="synthesis_action"),
    path(bilan + "synthese/commentaire/", synthesis.synthesis_comment, name="synthesis_comment"),
    path(bilan + "synthese/version/<int:number>/", synthesis.synthesis_version, name="synthesis_version"),
    path(bilan + "synthese/pdf/", synthesis.synthesis_pdf, name="synthesis_pdf"),
    path(bilan + "synthese/partages/", synthesis.share, name="share"),
    path(bilan + "synthese/partages/<int:link_id>/retirer/", synthesis.revoke, name="revoke"),
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
    path("partage/<str:token>/", shared.shared, name="shared"),
    path("partage/<str:token>/pdf/", shared.shared_pdf, name="shared_pdf"),
]
