"""What the statement e-mail says, and its attachments: the organisation's PDF and CSV,
built when the e-mail leaves (registered with the outbox in `FootprintConfig.ready()`)."""

from django.urls import reverse
from django.utils.text import slugify

from core import spreadsheets
from core.site import site_url
from events.editions import addresses_of
from footprint.statement_documents import CSV_HEADER, csv_rows, render_statement_pdf
from footprint.statements import CATERING_LINE, TRAVEL_LINE, Statement, statement_for
from mail.fallbacks import render_text
from mail.models import OutgoingEmail
from mail.rendering import Rendered


def attachment_names(statement: Statement) -> list[str]:
    name = f"footprint-{slugify(statement.organisation) or 'organisation'}"
    return [f"{name}.pdf", f"{name}.csv"]


def statement_text(event, statement: Statement, *, name: str, marked: bool) -> tuple[str, str]:
    """The subject and text (French fallbacks marked), in the active language: the same for
    the organisers' preview and the e-mail."""
    context = {
        "event": event,
        "statement": statement,
        "name": name,
        "marked": marked,
        "travel_line": TRAVEL_LINE,
        "catering_line": CATERING_LINE,
        "method_url": site_url(reverse("footprint:method")),
        "my_registration_url": site_url(reverse("registrations:mine")),
    }
    subject = " ".join(render_text("footprint/email/statement_subject.txt", context).split())
    return subject, render_text("footprint/email/statement.txt", context).strip() + "\n"


def render_statement_email(email: OutgoingEmail) -> Rendered:
    delivery = email.about
    statement = statement_for(delivery.event, delivery.organisation_key)
    if statement is None:
        raise LookupError(f"No one of {delivery.organisation!r} among those who came any more")
    with addresses_of(delivery.event):  # its links name its edition, whichever is current when it is sent
        subject, text = statement_text(
            delivery.event, statement, name=email.context.get("name", ""), marked=email.context.get("marked", False)
        )
    pdf_name, csv_name = attachment_names(statement)
    attachments = [
        (pdf_name, render_statement_pdf(statement, delivery.event), "application/pdf"),  # in the e-mail's language
        (csv_name, spreadsheets.as_csv(CSV_HEADER, csv_rows(statement)), "text/csv"),
    ]
    return Rendered(subject, text, attachments)
