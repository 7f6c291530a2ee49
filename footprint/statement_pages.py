"""The organisers' downloads of the organisations' statements, in the registrations' admin
(behind its view permission, see footprint/apps.py)."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify

from events.selectors import current_event
from footprint.statement_documents import CSV_HEADER, csv_rows, render_statement_pdf
from footprint.statements import organisation_statements, statement_for
from registrations import exports


def statements_list(request):
    event = current_event()
    statements = organisation_statements(event) if event else []
    return TemplateResponse(request, "admin/footprint/statements.html", {"event": event, "statements": statements})


def _statement(request):
    event = current_event()
    statement = statement_for(event, request.GET.get("organisation", "")) if event else None
    if statement is None:
        raise Http404("No such organisation among those who came.")
    return event, statement


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def statement_csv(request):
    _event, statement = _statement(request)
    content = exports.as_csv(CSV_HEADER, csv_rows(statement))
    return _download(content, "text/csv; charset=utf-8", f"footprint-{slugify(statement.organisation)}.csv")


def statement_pdf(request):
    event, statement = _statement(request)
    content = render_statement_pdf(statement, event)  # in the organiser's language
    return _download(content, "application/pdf", f"footprint-{slugify(statement.organisation)}.pdf")
