import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Room, Session, Theme


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
    inlines = [RoomInline]
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
    list_display = ["title", "kind", "start_time", "end_time", "room", "theme", "speaker_names"]
    list_filter = ["kind", "theme", "room", SessionDayFilter]
    list_select_related = ["room", "theme"]
    search_fields = ["title", "abstract", "speakers__name"]
    date_hierarchy = "start"
    ordering = ["start", "room__position"]
    autocomplete_fields = ["speakers"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["event", "kind", "title", "slug", "theme", "abstract"]}),
        (_("When and where"), {"fields": ["start", "end", "room", "capacity"]}),
        (_("Speakers"), {"fields": ["speakers"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("speakers")

    @admin.display(description=_("start"), ordering="start")
    def start_time(self, session):
        return f"{timezone.localtime(session.start):%d/%m %H:%M}"

    @admin.display(description=_("end"), ordering="end")
    def end_time(self, session):
        return f"{timezone.localtime(session.end):%H:%M}"

    @admin.display(description=_("speakers"))
    def speaker_names(self, session):
        return ", ".join(speaker.name for speaker in session.speakers.all())
