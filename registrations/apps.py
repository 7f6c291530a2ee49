from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from mail.rendering import register_renderer
        from registrations import sections, transfer_views
        from registrations.emails import EmailKind, render_email

        # The outbox asks this app what its e-mails say.
        register_renderer(EmailKind.values, render_email)
        # "My registration": pass the seat to a colleague.
        sections.add_section(
            sections.MY_REGISTRATION, "registrations/_transfer_section.html", transfer_views.transfer_section_context
        )
