from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration, WorkshopBooking


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
