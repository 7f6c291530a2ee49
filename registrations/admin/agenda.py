"""The agenda's admin with the registrations' side of it: the seats reserved per category,
capacity changes that promote from the waiting lists, the workshops' fill level and their
attendee lists and sign-in sheets.

`events.admin` stays a pure agenda admin; its event and session admins are replaced here by
subclasses (same pages, same URLs)."""

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import spreadsheets
from events import admin as agenda_admin
from events.models import Event, Session
from registrations import sign_in_sheets
from registrations.models import SeatReservation, WorkshopBooking
from registrations.services import set_event_capacity
from registrations.workshops import set_workshop_capacity


class SeatReservationInline(admin.TabularInline):
    model = SeatReservation
    extra = 0
    fields = ["category", "seats", "until", "released_at"]
    readonly_fields = ["released_at"]
    verbose_name_plural = _("seats reserved per category (returned to the pool after their date)")


class EventAdmin(agenda_admin.EventAdmin):
    inlines = [*agenda_admin.EventAdmin.inlines, SeatReservationInline]

    def save_model(self, request, obj, form, change):
        if change and "capacity" in form.changed_data:
            # Seats change under the event lock, and raising them promotes from the waiting list.
            new_capacity, obj.capacity = obj.capacity, form.initial["capacity"]
            super().save_model(request, obj, form, change)
            promoted = set_event_capacity(obj, new_capacity)
            obj.capacity = new_capacity
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person was promoted from the waiting list and told by e-mail.",
                        "%(count)d people were promoted from the waiting list and told by e-mail.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )
        else:
            super().save_model(request, obj, form, change)


class SessionAdmin(agenda_admin.SessionAdmin):
    list_display = [*agenda_admin.SessionAdmin.list_display, "fill_level"]
    actions = ["attendee_list", "sign_in_sheets"]

    def get_queryset(self, request):
        booked = Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.BOOKED))
        return super().get_queryset(request).annotate(booked_count=booked)

    def save_model(self, request, obj, form, change):
        if change and obj.is_workshop and "capacity" in form.changed_data and obj.capacity is not None:
            # Places change under the workshop's lock; more places promote its waiting list.
            new_capacity, obj.capacity = obj.capacity, form.initial["capacity"]
            super().save_model(request, obj, form, change)
            set_workshop_capacity(obj, new_capacity)
            obj.capacity = new_capacity
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Attendee list of the selected workshops (CSV)"), permissions=["view"])
    def attendee_list(self, request, queryset):
        header = [_("Workshop"), _("Start"), _("Last name"), _("First name"), _("Organisation"), _("E-mail")]
        rows = [
            [
                workshop.title,
                f"{timezone.localtime(workshop.start):%H:%M}",
                r.last_name,
                r.first_name,
                r.organisation,
                r.user.email if r.user else "",
            ]
            for workshop in queryset.filter(kind=Session.Kind.WORKSHOP).order_by("start")
            for r in sign_in_sheets.workshop_attendees(workshop)
        ]
        response = HttpResponse(spreadsheets.as_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="workshop-attendees.csv"'
        return response

    @admin.action(description=_("Sign-in sheets of the selected workshops (PDF)"), permissions=["view"])
    def sign_in_sheets(self, request, queryset):
        workshops = queryset.filter(kind=Session.Kind.WORKSHOP).select_related("room", "event").order_by("start")
        response = HttpResponse(sign_in_sheets.sign_in_sheets_pdf(workshops), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="sign-in-sheets.pdf"'
        return response

    @admin.display(description=_("fill level"))
    def fill_level(self, session):
        if session.is_workshop:
            return f"{session.booked_count} / {session.capacity}"
        return "—"


admin.site.unregister([Event, Session])
admin.site.register(Event, EventAdmin)
admin.site.register(Session, SessionAdmin)
