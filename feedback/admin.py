"""The day-after feedback in the back office: per session the number of answers, their
distribution (a chart and its table) and the comments, the day's answers, and a CSV export;
never a name. Pages of the registrations' admin, behind its view permission (organisers)."""

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core import spreadsheets
from events.models import Session
from feedback import services
from feedback.models import SessionFeedback
from feedback.views import result_charts
from registrations import sections
from registrations.models import Registration


def results_view(request):
    event = request.event
    context = {**admin.site.each_context(request), "opts": Registration._meta, "title": _("Feedback"), "event": event}
    if event is not None:
        context |= {
            "asked": Registration.objects.filter(event=event, feedback_requested_at__isnull=False).count(),
            "day": result_charts([services.day_result(event)]),
            "results": result_charts(services.session_results(Session.objects.filter(event=event))),
        }
    return TemplateResponse(request, "admin/feedback/results.html", context)


def export_csv(request):
    event = request.event
    rows = list(services.export_rows(event)) if event is not None else []
    header = [
        str(SessionFeedback._meta.get_field("session").verbose_name),
        str(SessionFeedback._meta.get_field("rating").verbose_name),
        str(SessionFeedback._meta.get_field("comment").verbose_name),
        _("answered on"),
    ]
    response = HttpResponse(spreadsheets.as_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="feedback.csv"'
    return response


# Routed by the registrations' admin (`backoffice.admin.reports.ReportViews.get_urls`), behind its view permission.
sections.add_admin_view("feedback/", results_view, "feedback")
sections.add_admin_view("feedback.csv", export_csv, "feedback_csv")
