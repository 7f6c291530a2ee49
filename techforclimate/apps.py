from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class OrganisersAdminConfig(AdminConfig):
    default_site = "techforclimate.admin_site.OrganisersAdminSite"


class SiteConfig(AppConfig):
    """The site package as an app, for what spans every app: its management commands and
    Celery tasks (the personal-data retention). It has no models."""

    name = "techforclimate"

    def ready(self):
        # From the first save on: the page cache's version moves with every edit of the
        # content, and the header's personal links are dropped as people change.
        from events import editions
        from techforclimate import page_cache, personal_links  # noqa: F401

        def urlconf_of_edition(edition):
            from techforclimate.urls import urlconf_of_edition  # the URLs import every view: once asked

            return urlconf_of_edition(edition)

        editions.serve_editions_with(urlconf_of_edition)
