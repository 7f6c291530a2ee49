"""The organisers' reports: dashboard, catering and accessibility, exports."""

import datetime as dt

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice import dashboard, exports
from core import charts, spreadsheets
from core.forms import read_id
from registrations import reconfirmation, sections
from registrations.services import RegistrationError


class ReleaseForm(forms.Form):
    answer_by = forms.DateField(
        label=_("Not answered by the end of"),
        help_text=_("Those asked to reconfirm before the end of this day who still have not answered."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReportViews:
    """The registrations' reports, as pages of their admin: the dashboard, the catering page,
    the CSV and Excel exports of the filtered list, and the views other apps add."""

    def get_urls(self):
        urls = [
            ("dashboard/", self.dashboard_view, "dashboard"),
            ("catering/", self.catering_view, "catering"),
            ("release/", self.release_view, "release"),
            ("export.csv", self.export_csv, "export_csv"),
            ("export.xlsx", self.export_xlsx, "export_xlsx"),
        ]
        # Views other apps add (the footprint's CSV export), behind the same permission.
        urls += [(route, self.viewable(view), name) for route, view, name in sections.admin_views()]
        custom = [
            path(route, self.admin_site.admin_view(function), name=f"registrations_registration_{name}")
            for route, function, name in urls
        ]
        return custom + super().get_urls()

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        event = request.event
        context = {"title": _("Dashboard"), "event": event}
        if event is not None:
            figures = dashboard.dashboard(event)
            context |= figures | {
                "category_chart": charts.horizontal_bars(
                    [charts.Bar(str(label), count) for label, count in figures["by_category"]],
                    title=_("Confirmed attendees per category"),
                ),
                "days_chart": charts.columns(
                    [charts.Bar(f"{day:%d/%m}", count) for day, count in figures["per_day"]],
                    title=_("Registrations per day since opening"),
                ),
                "workshop_chart": charts.horizontal_bars(
                    [charts.Bar(w.title, w.booked, w.capacity or 0) for w in figures["workshops"]],
                    title=_("Workshops: places booked"),
                ),
            }
            # The sections other apps add (the footprint's).
            context |= sections.section_context(sections.DASHBOARD, request, event)
        return self.render_admin(request, "admin/backoffice/dashboard.html", context)

    def catering_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        event = request.event
        # The sections other apps add (the footprint's lunch choices), then this page's own.
        context = sections.section_context(sections.CATERING, request, event) | {
            "title": _("Catering and accessibility"),
            **dashboard.catering(event),
        }
        return self.render_admin(request, "admin/backoffice/catering.html", context)

    def release_view(self, request):
        """The seats of those who did not answer the reconfirmation: a date that has passed,
        a preview of who is affected, then the release itself."""
        if not self.has_change_permission(request):
            raise Http404
        event = request.event
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        form = ReleaseForm(request.POST or None, initial={"answer_by": yesterday})
        context = {"title": _("Release the seats of those who did not answer"), "event": event, "form": form}
        if event is not None and request.method == "POST" and form.is_valid():
            answer_by = form.cleaned_data["answer_by"]
            if "confirm" in request.POST:
                ids = [pk for pk in map(read_id, request.POST.getlist("registration")) if pk is not None]
                try:
                    released = reconfirmation.release_unanswered(event, answer_by=answer_by, registration_ids=ids)
                except RegistrationError as error:
                    form.add_error("answer_by", error.message)
                else:
                    self.message_user(
                        request,
                        ngettext("%(count)d seat released.", "%(count)d seats released.", len(released))
                        % {"count": len(released)},
                    )
                    return HttpResponseRedirect(reverse("admin:registrations_registration_dashboard"))
            elif timezone.now() < reconfirmation.answer_deadline(answer_by):
                form.add_error("answer_by", _("Seats can be released only once the date you chose has passed."))
            else:
                deadline = reconfirmation.answer_deadline(answer_by)
                context["affected"] = list(reconfirmation.unanswered(event, asked_before=deadline))
        return self.render_admin(request, "admin/backoffice/release.html", context)

    def viewable(self, view):
        """`view`, for those who may see the registrations; a 404 for the others."""

        def checked(request):
            if not self.has_view_permission(request):
                raise Http404
            return view(request)

        return checked

    def filtered_registrations(self, request):
        """The registrations the changelist shows with its current filters and search.

        Raises IncorrectLookupParameters for a filter the list does not have."""
        if not self.has_view_permission(request):
            raise Http404
        return self.get_changelist_instance(request).get_queryset(request)

    def export(self, request, render):
        try:
            registrations = self.filtered_registrations(request)
        except IncorrectLookupParameters:
            # As the changelist itself does: back to the list, with its "invalid filter" notice.
            return HttpResponseRedirect(f"{reverse('admin:registrations_registration_changelist')}?{ERROR_FLAG}=1")
        return render(*exports.registration_table(registrations))

    def export_csv(self, request):
        return self.export(request, self.csv_response)

    def export_xlsx(self, request):
        return self.export(request, self.xlsx_response)

    @staticmethod
    def csv_response(header, rows):
        response = HttpResponse(spreadsheets.as_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        return response

    @staticmethod
    def xlsx_response(header, rows):
        response = HttpResponse(
            spreadsheets.as_xlsx(header, rows, title=str(_("Registrations"))),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="registrations.xlsx"'
        return response
