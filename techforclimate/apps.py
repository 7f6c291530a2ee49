from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class OrganisersAdminConfig(AdminConfig):
    default_site = "techforclimate.admin_site.OrganisersAdminSite"


class SiteConfig(AppConfig):
    """The site package as an app, for what spans every app: its management commands and
    Celery tasks (the personal-data retention). It has no models."""

    name = "techforclimate"

    def ready(self):
        # The page cache's version moves on every save of the content, from the first one.
        from techforclimate import page_cache  # noqa: F401
