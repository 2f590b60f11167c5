from django.urls import path

from openbilan.www.journeys import editor, exercises, views

app_name = "journeys"

journey = "<int:enrolment_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("preferences/", views.preferences, name="preferences"),
    path("invitation/<int:enrolment_id>/", views.invitation, name="invitation"),
    path(journey, views.journey, name="journey"),
    path(journey + "phase/", views.open_phase, name="open_phase"),
    path(journey + "statut/", views.status, name="status"),
    path(journey + "entretiens/", views.interview, name="interview"),
    path(journey + "activites/<int:activity_id>/", views.activity, name="activity"),
    path(journey + "activites/<int:activity_id>/retirer/", views.activity_skip, name="activity_skip"),
    path(journey + "auto-evaluation/<slug:moment>/", views.self_assessment, name="self_assessment"),
    path(journey + "analyse-des-besoins/", exercises.needs, name="needs"),
    path(journey + "analyse-des-besoins/confirmer/", views.needs_confirm, name="needs_confirm"),
    path(journey + "ligne-de-vie/", exercises.timeline, name="timeline"),
    path(journey + "ligne-de-vie/<int:entry_id>/", exercises.timeline_entry, name="timeline_entry"),
    path(journey + "ligne-de-vie/<int:entry_id>/supprimer/", exercises.timeline_delete, name="timeline_delete"),
    path(journey + "moteurs-et-freins/", exercises.drivers, name="drivers"),
    path(journey + "moteurs-et-freins/<slug:driver>/", exercises.driver_entry, name="driver_entry"),
    path(journey + "croyances/", exercises.beliefs, name="beliefs"),
    path(journey + "croyances/<int:entry_id>/", exercises.belief_entry, name="beliefs_entry"),
    path(journey + "croyances/<int:entry_id>/supprimer/", exercises.belief_delete, name="beliefs_delete"),
    path(journey + "aspirations/", exercises.aspirations, name="aspirations"),
    path("modeles/", editor.templates, name="templates"),
    path("modeles/<int:template_id>/", editor.template, name="template"),
    path("modeles/<int:template_id>/copier/", editor.template_copy, name="template_copy"),
    path("modeles/<int:template_id>/modules/<int:module_id>/ajouter/", editor.activity_add, name="activity_add"),
    path("modeles/<int:template_id>/activites/<int:activity_id>/", editor.activity_edit, name="activity_edit"),
    path("modeles/<int:template_id>/activites/<int:activity_id>/deplacer/", editor.activity_move, name="activity_move"),
    path("modeles/programmes/<slug:programme_slug>/", editor.programme_template, name="programme_template"),
]
