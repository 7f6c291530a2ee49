from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "footprint"
    verbose_name = _("Carbon footprint")

    def ready(self):
        from core.pdf import pdf_rendered
        from events import sections as event_sections
        from footprint import (
            dashboard,
            journey_emails,
            statement_delivery,
            statement_emails,
            statement_pages,
            statement_views,
            traveller_views,
            views,
        )
        from footprint.counts import count_pdf
        from mail.rendering import register_renderer
        from registrations import sections

        # The outbox asks this app what its e-mails say.
        register_renderer(journey_emails.KINDS, journey_emails.render_email)

        # Core cannot import the footprint: it announces each PDF, the footprint counts it.
        pdf_rendered.connect(count_pdf, dispatch_uid="footprint.count_pdf")

        # Registrations cannot import the footprint: the footprint adds its parts to its pages.
        sections.add_section(sections.MY_REGISTRATION, "footprint/_trip.html", views.trip_context)
        sections.add_section(
            sections.MY_REGISTRATION, "footprint/_statement.html", statement_views.statement_section_context
        )
        sections.add_section(sections.DASHBOARD, "admin/footprint/_dashboard.html", dashboard.dashboard_context)
        sections.add_section(sections.CATERING, "admin/footprint/_catering.html", dashboard.catering_context)
        event_sections.add_section(
            event_sections.SPEAKER_AREA, "footprint/_own_trip.html", traveller_views.speaker_trip_context
        )
        sections.add_admin_view("footprint-my-trip/", traveller_views.organiser_trip, "footprint_my_trip")
        sections.add_admin_view("footprint.csv", dashboard.footprint_csv, "footprint_csv")
        sections.add_admin_view("footprint-statements/", statement_pages.statements_list, "footprint_statements")
        sections.add_admin_view("footprint-statement.pdf", statement_pages.statement_pdf, "footprint_statement_pdf")
        sections.add_admin_view("footprint-statement.csv", statement_pages.statement_csv, "footprint_statement_csv")
        sections.add_admin_view(
            "footprint-statements/send/", statement_pages.send_statements, "footprint_statements_send"
        )
        register_renderer(statement_delivery.EmailKind.values, statement_emails.render_statement_email)
