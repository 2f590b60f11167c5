from django.apps import AppConfig


class ProjectsWebConfig(AppConfig):
    name = "openbilan.www.projects"
    label = "www_projects"
