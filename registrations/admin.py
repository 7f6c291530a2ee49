from django.contrib import admin
from django.core.files.storage import storages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.selectors import current_event
from registrations import badges, outbox
from registrations.announcements import send_announcement
from registrations.models import (
    Announcement,
    BadgePrintRun,
    CheckIn,
    OutgoingEmail,
    Registration,
    WorkshopBooking,
)


class WorkshopBookingInline(admin.TabularInline):
    model = WorkshopBooking
    extra = 0
    fields = ["session", "status", "queued_at", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Bookings change only through the services, which hold the capacity lock.
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "category", "status", "waiting_position", "created_at"]
    list_filter = ["status", "category", "event"]
    list_select_related = ["user", "event"]
    search_fields = ["first_name", "last_name", "user__email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [WorkshopBookingInline]
    actions = ["print_badges"]
    readonly_fields = [
        "event",
        "user",
        "status",
        "queued_at",
        "accepted_terms_at",
        "confirmed_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["event", "user", "status", "queued_at"]}),
        (
            _("Details"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "organisation",
                    "job_title",
                    "category",
                    "dietary_requirements",
                    "accessibility_needs",
                    "photo_consent",
                    "news_opt_in",
                ]
            },
        ),
        (_("History"), {"fields": ["accepted_terms_at", "confirmed_at", "cancelled_at", "created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        # A registration is made by the person, through the rules of seats and waiting list.
        return False

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, registration):
        return registration.user.email

    @admin.display(description=_("waiting list"))
    def waiting_position(self, registration):
        return registration.waiting_list_position() or "—"

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
        return HttpResponseRedirect(reverse("admin:registrations_badgeprintrun_change", args=[run.pk]))


@admin.register(WorkshopBooking)
class WorkshopBookingAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "status", "created_at"]
    list_filter = ["status", "session"]
    list_select_related = ["registration", "session"]
    search_fields = ["registration__first_name", "registration__last_name", "session__title"]
    readonly_fields = ["registration", "session", "status", "queued_at", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "status", "attempts", "short_error", "created_at", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "registration__last_name"]
    date_hierarchy = "created_at"
    list_select_related = ["registration"]
    actions = ["send_again"]
    # The message itself is never shown: account e-mails may carry codes and links.
    fields = [
        "recipient",
        "language",
        "kind",
        "registration",
        "session",
        "announcement",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, email):
        return email.last_error[:80]

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        again = outbox.send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", len(again))
            % {"count": len(again)},
        )


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["subject_fr", "event", "created_at", "sent_at", "recipient_count"]
    list_filter = ["event"]
    readonly_fields = ["sent_at"]
    actions = ["send_to_confirmed_attendees"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recipient_count=Count("emails"))

    @admin.display(description=_("e-mails"), ordering="recipient_count")
    def recipient_count(self, announcement):
        return announcement.recipient_count

    @admin.action(description=_("Send to all confirmed attendees"), permissions=["change"])
    def send_to_confirmed_attendees(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            # A confirmation page first: who will receive what.
            rows = [
                (announcement, Registration.objects.confirmed().filter(event=announcement.event).count())
                for announcement in queryset.select_related("event")
            ]
            return TemplateResponse(
                request,
                "admin/registrations/announcement/confirm_send.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Send these announcements?"),
                    "rows": rows,
                    "queryset": queryset,
                    "action": "send_to_confirmed_attendees",
                    "opts": self.model._meta,
                },
            )
        total = sum(send_announcement(announcement) for announcement in queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.", total) % {"count": total},
        )
        return None


@admin.register(BadgePrintRun)
class BadgePrintRunAdmin(admin.ModelAdmin):
    """Badge printing: choose whose badges, then follow the run until the PDF is ready."""

    list_display = ["__str__", "status", "total", "sheets", "created_by", "created_at"]
    list_filter = ["status", "source"]
    fields = ["event", "source", "sheets"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="registrations_badgeprintrun_download",
            ),
            *super().get_urls(),
        ]

    def get_changeform_initial_data(self, request):
        return {"event": current_event()}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # "Selected registrations" comes from the registrations' action, not from here.
        form.base_fields["source"].choices = [
            choice for choice in BadgePrintRun.Source.choices if choice[0] != BadgePrintRun.Source.SELECTED
        ]
        return form

    def save_model(self, request, obj, form, change):
        run = badges.start_print_run(event=obj.event, source=obj.source, sheets=obj.sheets, user=request.user)
        obj.pk = run.pk

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:registrations_badgeprintrun_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The progress page: it refreshes itself until the PDF is ready."""
        if not self.has_view_permission(request):
            raise Http404
        run = get_object_or_404(BadgePrintRun, pk=object_id)
        return TemplateResponse(
            request,
            "admin/registrations/badgeprintrun/progress.html",
            {**self.admin_site.each_context(request), "run": run, "opts": self.model._meta, "title": str(run)},
        )

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        run = get_object_or_404(BadgePrintRun, pk=pk, status=BadgePrintRun.Status.READY)
        return FileResponse(
            storages["private"].open(run.file, "rb"),
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
