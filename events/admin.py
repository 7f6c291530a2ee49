import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Event, Room, Session, Theme
from registrations import exports
from registrations.models import SeatReservation
from registrations.services import set_event_capacity, set_workshop_capacity


class SeatReservationInline(admin.TabularInline):
    model = SeatReservation
    extra = 0
    fields = ["category", "seats", "until", "released_at"]
    readonly_fields = ["released_at"]
    verbose_name_plural = _("seats reserved per category (returned to the pool after their date)")


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity", "position"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "date",
        "venue_name",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "is_published",
    ]
    list_filter = ["is_published"]
    search_fields = ["name", "venue_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoomInline, SeatReservationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "description", "is_published"]}),
        (_("When and where"), {"fields": ["date", "doors_open_at", "closes_at", "venue_name", "venue_address"]}),
        (_("Carbon footprint"), {"fields": ["footprint_published", "footprint_actions"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_mode",
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "contact_email",
                ]
            },
        ),
    ]

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


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "capacity", "position", "session_count"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, room):
        return room.session_count


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SessionDayFilter(admin.SimpleListFilter):
    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        days = model_admin.get_queryset(request).datetimes("start", "day")
        return [(day.date().isoformat(), f"{day:%d/%m/%Y}") for day in days]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = dt.date.fromisoformat(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(start__date=day)


class SessionAdminForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["event", "kind", "title", "slug", "theme", "abstract", "start", "end", "room", "capacity", "speakers"]

    def clean(self):
        cleaned_data = super().clean()
        # Let the model check the speakers being chosen, at the times being chosen.
        self.instance.pending_speakers = cleaned_data.get("speakers", [])
        return cleaned_data


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["title", "kind", "start_time", "end_time", "room", "theme", "speaker_names", "fill_level"]
    list_filter = ["kind", "theme", "room", SessionDayFilter]
    list_select_related = ["room", "theme"]
    search_fields = ["title", "abstract", "speakers__name"]
    date_hierarchy = "start"
    ordering = ["start", "room__position"]
    autocomplete_fields = ["speakers"]
    actions = ["attendee_list", "sign_in_sheets"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["event", "kind", "title", "slug", "theme", "abstract"]}),
        (_("When and where"), {"fields": ["start", "end", "room", "capacity"]}),
        (_("Speakers"), {"fields": ["speakers"]}),
    ]

    def get_queryset(self, request):
        booked = Count("bookings", filter=Q(bookings__status="booked"))
        return super().get_queryset(request).prefetch_related("speakers").annotate(booked_count=booked)

    def save_model(self, request, obj, form, change):
        if change and obj.is_workshop and "capacity" in form.changed_data and obj.capacity is not None:
            # Places change under the workshop's lock; more places promote its waiting list.
            new_capacity, obj.capacity = obj.capacity, form.initial["capacity"]
            super().save_model(request, obj, form, change)
            set_workshop_capacity(obj, new_capacity)
            obj.capacity = new_capacity
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("start"), ordering="start")
    def start_time(self, session):
        return f"{timezone.localtime(session.start):%d/%m %H:%M}"

    @admin.display(description=_("end"), ordering="end")
    def end_time(self, session):
        return f"{timezone.localtime(session.end):%H:%M}"

    @admin.display(description=_("speakers"))
    def speaker_names(self, session):
        return ", ".join(speaker.name for speaker in session.speakers.all())

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
                r.user.email,
            ]
            for workshop in queryset.filter(kind=Session.Kind.WORKSHOP).order_by("start")
            for r in exports.workshop_attendees(workshop)
        ]
        response = HttpResponse(exports.as_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="workshop-attendees.csv"'
        return response

    @admin.action(description=_("Sign-in sheets of the selected workshops (PDF)"), permissions=["view"])
    def sign_in_sheets(self, request, queryset):
        workshops = queryset.filter(kind=Session.Kind.WORKSHOP).select_related("room", "event").order_by("start")
        response = HttpResponse(exports.sign_in_sheets_pdf(workshops), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="sign-in-sheets.pdf"'
        return response

    @admin.display(description=_("fill level"))
    def fill_level(self, session):
        if session.is_workshop:
            return f"{session.booked_count} / {session.capacity}"
        return "—"
