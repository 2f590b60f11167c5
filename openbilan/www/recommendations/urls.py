from django.urls import path

from openbilan.www.recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("metier/<str:code>/", views.detail, name="detail"),
    path("metier/<str:code>/reaction/", views.react, name="react"),
    path("metier/<str:code>/formations/", views.training, name="training"),
    path("metier/<str:code>/selection/", views.shortlist_toggle, name="shortlist_toggle"),
    path("selection/", views.shortlist, name="shortlist"),
    path("creation-activite/", views.business, name="business"),
    path("pourquoi-pas/", views.why_not, name="why_not"),
    path("mon-profil/", views.profile, name="profile"),
    path("recrutements-locaux/", views.local_demand, name="local_demand"),
    path("personne/<int:user_id>/", views.person, name="person"),
    path("personne/<int:user_id>/metier/<str:code>/", views.person_detail, name="person_detail"),
    path("personne/<int:user_id>/metier/<str:code>/formations/", views.person_training, name="person_training"),
]
