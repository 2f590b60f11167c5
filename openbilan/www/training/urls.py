from django.urls import path

from openbilan.www.training import views

app_name = "training"
urlpatterns = [
    path("metier/<str:code_rome>/", views.occupation, name="occupation"),
    path("<str:certification_code>/", views.certification, name="certification"),
]
