"""The organisers' pages of the organisations' statements, in the registrations' admin
(behind its view permission, see footprint/apps.py): the list with each one's contact and
delivery, the downloads, and the sending (a preview, then a confirmation)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import spreadsheets
from footprint import statement_delivery
from footprint.statement_documents import CSV_HEADER, csv_rows, render_statement_pdf
from footprint.statement_emails import attachment_names, statement_text
from footprint.statements import statement_for
from mail.fallbacks import plain

LIST_URL = "admin:registrations_registration_footprint_statements"


def _page(request, template, context):
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context})


def statements_list(request):
    event = request.event
    planned = statement_delivery.plan(event) if event else []
    return _page(
        request,
        "admin/footprint/statements.html",
        {
            "event": event,
            "planned": planned,
            "ready": bool(event) and statement_delivery.statements_ready(event),
            "unsent": sum(item.can_be_sent for item in planned),
        },
    )


def _chosen_keys(request) -> list[str] | None:
    """The organisations ticked, or None for "every one not yet sent"."""
    if request.POST.get("choice") == "all":
        return None
    return [key for key in request.POST.getlist("organisation") if key][:1000]


def send_statements(request):
    """POST only: without `confirmed`, the preview (what each e-mail will say, nothing
    sent); with it, the sending. Organisers (who may add statement deliveries) may send."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse(LIST_URL))
    if not request.user.has_perm("footprint.add_statementdelivery"):
        raise PermissionDenied
    event = request.event
    if event is None:
        raise Http404("No event.")
    keys = _chosen_keys(request)
    if keys == []:
        messages.warning(request, _("Choose the organisations to send their statement to."))
        return HttpResponseRedirect(reverse(LIST_URL))
    if request.POST.get("confirmed") == "yes":
        try:
            result = statement_delivery.send_statements(event, keys, sent_by=request.user)
        except statement_delivery.StatementError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse(LIST_URL))
        if result.sent:
            messages.success(
                request,
                ngettext("%(count)d statement sent.", "%(count)d statements sent.", len(result.sent))
                % {"count": len(result.sent)},
            )
        for reason in result.refused:
            messages.warning(request, reason)
        return HttpResponseRedirect(reverse(LIST_URL))
    planned = [item for item in statement_delivery.plan(event, keys) if keys is not None or item.delivery is None]
    previews = []
    for item in planned:
        subject = text = ""
        if item.can_be_sent:
            with translation.override(item.contact.language):
                subject, text = statement_text(
                    event, item.statement, name=item.contact.name, marked=item.contact.marked
                )
        previews.append(
            {
                "item": item,
                "subject": plain(subject),
                "text": plain(text),
                "attachments": attachment_names(item.statement),
            }
        )
    return _page(
        request,
        "admin/footprint/statements_send.html",
        {
            "event": event,
            "previews": previews,
            "keys": keys,
            "ready": statement_delivery.statements_ready(event),
            "to_send": sum(item.can_be_sent for item in planned),
            "not_sent": sum(not item.can_be_sent for item in planned),
        },
    )


def _statement(request):
    event = request.event
    statement = statement_for(event, request.GET.get("organisation", "")) if event else None
    if statement is None:
        raise Http404("No such organisation among those who came.")
    return event, statement


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def statement_csv(request):
    _event, statement = _statement(request)
    content = spreadsheets.as_csv(CSV_HEADER, csv_rows(statement))
    return download(content, "text/csv; charset=utf-8", f"footprint-{slugify(statement.organisation)}.csv")


def statement_pdf(request):
    event, statement = _statement(request)
    content = render_statement_pdf(statement, event)  # in the organiser's language
    return download(content, "application/pdf", f"footprint-{slugify(statement.organisation)}.pdf")
