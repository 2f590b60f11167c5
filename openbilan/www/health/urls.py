from django.urls import path

from openbilan.www.health import views

urlpatterns = [
    path("healthz", views.live, name="health_live"),
    path("readyz", views.ready, name="health_ready"),
]
