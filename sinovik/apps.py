from django.apps import AppConfig


class SinovikConfig(AppConfig):
    """The project package, installed so it can hold shared template tags and management commands."""

    name = "sinovik"
    verbose_name = "SiNovik"
