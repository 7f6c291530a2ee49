from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registrations import outbox
from registrations.announcements import send_announcement
from registrations.models import Announcement, OutgoingEmail, Registration, WorkshopBooking


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
