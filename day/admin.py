"""Badges and check-in in the back office: print runs followed until their PDF is ready,
the arrivals at the door (read-only), and the registrations list's actions that check the
selected attendees in and print their badges (`RegistrationDayActions`, a mixin of the
back office's registrations admin)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import core.converters  # noqa: F401  (registers <id:…>)
from core.content_language import active_language
from day import badges, checkin
from day.checkin import CHECK_IN_PERMISSION
from day.models import BadgePrintRun, CheckIn
from registrations.admin.base import AdminPage
from registrations.admin.registrations import apply_to_each
from registrations.models import Registration


@admin.register(BadgePrintRun)
class BadgePrintRunAdmin(AdminPage, admin.ModelAdmin):
    """Badge printing: choose whose badges, then follow the run until the PDF is ready."""

    list_display = ["__str__", "status", "total", "sheets", "language", "created_by", "created_at"]
    list_filter = ["status", "source"]
    fields = ["event", "source", "sheets", "language"]

    def get_urls(self):
        return [
            path(
                "<id:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="day_badgeprintrun_download",
            ),
            *super().get_urls(),
        ]

    def get_changeform_initial_data(self, request):
        # Paperless by default: only those who asked; "All confirmed attendees" stays a choice.
        return {"event": request.event, "language": active_language(), "source": BadgePrintRun.Source.ASKED}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # "Selected registrations" comes from the registrations' action, not from here.
        form.base_fields["source"].choices = [
            choice for choice in BadgePrintRun.Source.choices if choice[0] != BadgePrintRun.Source.SELECTED
        ]
        return form

    def save_model(self, request, obj, form, change):
        run = badges.start_print_run(
            event=obj.event, source=obj.source, sheets=obj.sheets, language=obj.language, user=request.user
        )
        obj.pk = run.pk

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:day_badgeprintrun_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The progress page: it refreshes itself until the PDF is ready."""
        if not self.has_view_permission(request):
            raise Http404
        run = self.get_object(request, unquote(object_id))
        if run is None:
            raise Http404
        return self.render_admin(request, "admin/day/badgeprintrun/progress.html", {"run": run, "title": str(run)})

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        run = get_object_or_404(BadgePrintRun, pk=pk, status=BadgePrintRun.Status.READY)
        try:
            pdf = storages["private"].open(run.file, "rb")
        except FileNotFoundError:
            raise Http404("The PDF of this print run is no longer on disk.") from None
        return FileResponse(
            pdf,
            as_attachment=True,
            filename=f"badges-{run.pk}.pdf",
            content_type="application/pdf",
        )


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["registration", "checked_in_at", "checked_in_by"]
    list_select_related = ["registration", "checked_in_by"]
    search_fields = ["registration__first_name", "registration__last_name"]
    readonly_fields = ["registration", "checked_in_at", "checked_in_by"]

    def has_add_permission(self, request):
        return False


class RegistrationDayActions:
    """The registrations list's actions of the day, each through its service: check the
    selected attendees in (`checkin.check_in`, the desks' rule) and print their badges."""

    @admin.action(description=_("Check in the selected attendees"), permissions=["view"])
    def check_in(self, request, queryset):
        if not request.user.has_perm(CHECK_IN_PERMISSION):
            raise PermissionDenied
        done, problems = apply_to_each(
            queryset, lambda registration: checkin.check_in(registration, staff=request.user)
        )
        self.report(
            request, done, ngettext("%(count)d attendee checked in.", "%(count)d attendees checked in.", done), problems
        )

    @admin.action(description=_("Print the badges of the selected confirmed registrations"), permissions=["view"])
    def print_badges(self, request, queryset):
        confirmed = queryset.filter(status=Registration.Status.CONFIRMED)
        event = confirmed.first().event if confirmed.exists() else None
        if event is None:
            self.message_user(request, _("None of the selected registrations is confirmed."), level="warning")
            return None
        run = badges.start_print_run(
            event=event,
            source=BadgePrintRun.Source.SELECTED,
            user=request.user,
            registration_ids=confirmed.filter(event=event).values_list("pk", flat=True),
        )
        return HttpResponseRedirect(reverse("admin:day_badgeprintrun_change", args=[run.pk]))
