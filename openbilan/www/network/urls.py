from django.urls import path

from openbilan.www.network import views

app_name = "network"
meeting = "rencontres/<int:meeting_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("professionnel/<int:profile_id>/demande/", views.ask, name="ask"),
    path(meeting, views.meeting, name="meeting"),
    path(meeting + "reponse/", views.meeting_act, {"op": "answer"}, name="answer"),
    path(meeting + "message/", views.meeting_act, {"op": "message"}, name="message"),
    path(meeting + "date/", views.meeting_act, {"op": "schedule"}, name="schedule"),
    path(meeting + "compte-rendu/", views.meeting_act, {"op": "debrief"}, name="debrief"),
    path(meeting + "retour/", views.meeting_act, {"op": "feedback"}, name="feedback"),
    path(meeting + "annulation/", views.cancel, name="cancel"),
    path("pro/", views.professional_home, name="professional_home"),
    path("pro/profil/", views.profile, name="profile"),
    path("inscription/", views.signup, name="signup"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("administration/", views.admin, name="admin"),
    path("administration/<int:profile_id>/decision/", views.admin_decide, name="admin_decide"),
    path("administration/invitation/", views.admin_invite, name="admin_invite"),
]
