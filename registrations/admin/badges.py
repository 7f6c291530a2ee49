"""Badges and check-in in the back office: print runs followed until their PDF is ready,
and the arrivals at the door (read-only)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

import core.converters  # noqa: F401  (registers <id:…>)
from core.content_language import active_language
from registrations import badges
from registrations.admin.base import AdminPage
from registrations.models import (
    BadgePrintRun,
    CheckIn,
)


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
                name="registrations_badgeprintrun_download",
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
        return HttpResponseRedirect(reverse("admin:registrations_badgeprintrun_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The progress page: it refreshes itself until the PDF is ready."""
        if not self.has_view_permission(request):
            raise Http404
        run = self.get_object(request, unquote(object_id))
        if run is None:
            raise Http404
        return self.render_admin(
            request, "admin/registrations/badgeprintrun/progress.html", {"run": run, "title": str(run)}
        )

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
