from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DayConfig(AppConfig):
    """The day itself: badges, the check-in desk, walk-ins, workshop attendance."""

    name = "day"
    verbose_name = _("The day")

    def ready(self):
        from day import paperless
        from registrations import sections

        # The e-mails that confirm a seat carry the badge's code.
        sections.add_seat_email_image(paperless.badge_email_image)
