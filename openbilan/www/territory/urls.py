from django.urls import path

from openbilan.www.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.place, name="place"),
]
