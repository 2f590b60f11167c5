from django.urls import path

from openbilan.www.explorer import views

app_name = "explorer"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code_rome>/", views.occupation, name="occupation"),
]
