"""The organisation's contact downloads its statement from "My registration": a section
of that page, and the PDF and CSV, for the contacts the organisers marked (anyone else: 404),
once there is something to state (`statement_delivery.statements_ready`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from core import spreadsheets
from footprint.statement_delivery import is_contact_of_organisation, statements_ready
from footprint.statement_documents import CSV_HEADER, csv_rows, render_statement_pdf
from footprint.statement_emails import attachment_names
from footprint.statement_pages import download
from footprint.statements import organisation_key, statement_for
from registrations.selectors import registration_of


def contact_statement(registration):
    """The statement of the organisation this registration is the contact of, or None."""
    if not is_contact_of_organisation(registration) or not statements_ready(registration.event):
        return None
    return statement_for(registration.event, organisation_key(registration.organisation))


def statement_section_context(request, registration) -> dict:
    return {"organisation_statement": contact_statement(registration)}


def _own_statement(request):
    event = request.event
    registration = registration_of(request.user, event) if event else None
    statement = contact_statement(registration) if registration else None
    if statement is None:
        raise Http404("Only the contact of an organisation that came downloads its statement.")
    return event, statement


@login_required
@require_GET
def my_statement_pdf(request):
    event, statement = _own_statement(request)
    return download(render_statement_pdf(statement, event), "application/pdf", attachment_names(statement)[0])


@login_required
@require_GET
def my_statement_csv(request):
    _event, statement = _own_statement(request)
    content = spreadsheets.as_csv(CSV_HEADER, csv_rows(statement))
    return download(content, "text/csv; charset=utf-8", attachment_names(statement)[1])
