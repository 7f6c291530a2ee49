import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translated_admin import BilingualAdmin, BilingualTabularInline, EnglishMissingFilter
from events import next_edition
from events.editions import addresses_of
from events.models import Event, Room, Session, Theme

# The content is in French and English (events/translation.py): each translated field shows
# as its two columns side by side, and lists, searches and orderings name the columns
# (see core.translated_admin).


class RoomInline(BilingualTabularInline):
    model = Room
    extra = 0
    fields = ["name_fr", "name_en", "capacity", "position"]


@admin.register(Event)
class EventAdmin(BilingualAdmin):
    list_display = [
        "name",
        "date",
        "venue_name",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "is_published",
        "programme_published",
    ]
    list_filter = ["is_published"]
    actions = ["start_next_edition"]
    search_fields = ["name", "venue_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoomInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "edition",
                    ("tagline_fr", "tagline_en"),
                    ("description_fr", "description_en"),
                    "is_published",
                    "programme_published",
                ]
            },
        ),
        (
            _("When and where"),
            {
                "fields": [
                    "date",
                    "doors_open_at",
                    "closes_at",
                    "venue_name",
                    "venue_address",
                    ("practical_information_fr", "practical_information_en"),
                ]
            },
        ),
        (_("Carbon footprint"), {"fields": ["footprint_published", ("footprint_actions_fr", "footprint_actions_en")]}),
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
        (
            _("Approvals, waiting list and reconfirmation"),
            {
                "fields": [
                    "open_registrations_need_approval",
                    "invitations_can_be_passed_on",
                    ("offers_start_days_before", "offer_window_hours", "promotion_cutoff_hours"),
                    "check_in_opens_days_before",
                    ("reconfirmation_days_before", "reconfirmation_reminder_days_before"),
                    ("expected_show_rate", "show_rates"),
                ]
            },
        ),
    ]

    @admin.action(description=_("Start the next edition from this one"), permissions=["add"])
    def start_next_edition(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one edition to start the next one from."), messages.WARNING)
            return None
        previous = queryset.get()
        try:
            edition = next_edition.start_next_edition(previous)
        except next_edition.EditionExists as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        self.message_user(
            request,
            _("%(edition)s is ready: its programme is a draft to review before you publish it.") % {"edition": edition},
            messages.SUCCESS,
        )
        with addresses_of(edition):  # the new edition's own back office
            return redirect("admin:events_event_change", edition.pk)


@admin.register(Room)
class RoomAdmin(BilingualAdmin):
    list_display = ["name_fr", "name_en", "event", "capacity", "position", "session_count"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name_fr", "name_en"]
    ordering = ["event", "position", "name_fr"]
    fields = ["event", ("name_fr", "name_en"), "capacity", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, room):
        return room.session_count


@admin.register(Theme)
class ThemeAdmin(BilingualAdmin):
    list_display = ["name_fr", "name_en", "slug", "position"]
    list_filter = [EnglishMissingFilter]
    search_fields = ["name_fr", "name_en"]
    ordering = ["position", "name_fr"]
    prepopulated_fields = {"slug": ["name_fr"]}
    fields = [("name_fr", "name_en"), "slug", ("description_fr", "description_en"), "position"]


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
        fields = [
            "event",
            "kind",
            "title_fr",
            "title_en",
            "slug",
            "language",
            "theme",
            "abstract_fr",
            "abstract_en",
            "start",
            "end",
            "room",
            "capacity",
            "speakers",
        ]

    def clean(self):
        cleaned_data = super().clean()
        # Let the model check the speakers being chosen, at the times being chosen.
        self.instance.pending_speakers = cleaned_data.get("speakers", [])
        return cleaned_data


@admin.register(Session)
class SessionAdmin(BilingualAdmin):
    form = SessionAdminForm
    list_display = ["title_fr", "kind", "language", "start_time", "end_time", "room", "theme", "speaker_names"]
    list_filter = ["kind", "language", "theme", "room", SessionDayFilter, EnglishMissingFilter]
    list_select_related = ["room", "theme"]
    search_fields = ["title_fr", "title_en", "abstract_fr", "abstract_en", "speakers__name"]
    date_hierarchy = "start"
    ordering = ["start", "room__position"]
    autocomplete_fields = ["speakers"]
    prepopulated_fields = {"slug": ["title_fr"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "event",
                    "kind",
                    ("title_fr", "title_en"),
                    "slug",
                    "language",
                    "theme",
                    ("abstract_fr", "abstract_en"),
                ]
            },
        ),
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
