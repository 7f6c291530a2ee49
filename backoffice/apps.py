from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The organisers' back office: the dashboard and reports, the exports, the announcements."""

    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from backoffice.emails import EmailKind, render_announcement
        from mail.rendering import register_renderer

        # The outbox asks this app what its announcements say.
        register_renderer(EmailKind.values, render_announcement)
