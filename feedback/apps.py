from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """The day after: what attendees thought of the sessions and of the day."""

    name = "feedback"
    verbose_name = _("Feedback")
