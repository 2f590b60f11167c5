from django.urls import path

from openbilan.www.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("<slug:slug>/commencer/", views.start, name="start"),
    path("passation/<int:attempt_id>/", views.take, name="take"),
    path("passation/<int:attempt_id>/page/<int:page>/", views.answer_page, name="page"),
    path("passation/<int:attempt_id>/classement/", views.sort, name="sort"),
    path("resultats/<int:attempt_id>/", views.results, name="results"),
    path("personne/<int:user_id>/", views.person, name="person"),
]
