from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from events import next_edition
        from mail.rendering import register_renderer
        from registrations import sections, transfer_views
        from registrations.emails import EmailKind, render_email
        from registrations.next_edition import copy_reservations

        # The outbox asks this app what its e-mails say.
        register_renderer(EmailKind.values, render_email)
        # The next edition keeps the seats reserved for each category.
        next_edition.copy_also(copy_reservations)
        # "My registration": pass the seat to a colleague.
        sections.add_section(
            sections.MY_REGISTRATION, "registrations/_transfer_section.html", transfer_views.transfer_section_context
        )
