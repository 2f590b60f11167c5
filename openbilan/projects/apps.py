from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "openbilan.projects"
    label = "projects"
