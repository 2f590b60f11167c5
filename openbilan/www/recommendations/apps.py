from django.apps import AppConfig


class RecommendationsWebConfig(AppConfig):
    name = "openbilan.www.recommendations"
    label = "www_recommendations"
