"""The day itself: arrivals at the door, every scan the desks send, workshop attendance,
badges printed at the desk and the badge print runs. The tables kept their names from when
these models were part of registrations."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session
from registrations.models.seats import Registration

# The times a desk can have made a scan: a time outside them (a forged year 1 or 9999) once
# stored made every page that shows it answer 500, its conversion to local time overflowing.
EARLIEST_SCAN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST_SCAN = dt.datetime(3000, 1, 1, tzinfo=dt.UTC)


def scan_time_in_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": EARLIEST_SCAN, f"{field}__lt": LATEST_SCAN}), name=name
    )


class CheckIn(models.Model):
    """An attendee's arrival at the door: recorded once, with the time and the staff member."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="check_in", verbose_name=_("registration")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked in by")
    )
    desk = models.CharField(_("desk"), max_length=50, blank=True)
    # The scan that made it, when it came from a desk's queue (DeskScan.client_id).
    client_id = models.UUIDField(_("scan id"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        db_table = "registrations_checkin"
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]
        constraints = [scan_time_in_range("checked_in_at", "check_in_time_a_clock_can_show")]

    def __str__(self):
        return f"{self.registration.full_name} — {self.checked_in_at:%H:%M}"


class DeskScan(models.Model):
    """A scan a desk sent, recorded once by the id the desk gave it: a resend (a desk that
    was offline sends its queue again) finds it and gets the same answer."""

    class Mode(models.TextChoices):
        CHECK_IN = "check_in", _("Check-in at the door")
        WORKSHOP = "workshop", _("Workshop attendance")

    client_id = models.UUIDField(_("scan id"), unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="desk_scans", verbose_name=_("event"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.CHECK_IN)
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("workshop")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="desk_scans"
    )
    desk = models.CharField(_("desk"), max_length=50, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=40)

    class Meta:
        db_table = "registrations_deskscan"
        verbose_name = _("desk scan")
        verbose_name_plural = _("desk scans")
        ordering = ["scanned_at"]
        constraints = [scan_time_in_range("scanned_at", "desk_scan_time_a_clock_can_show")]

    def __str__(self):
        return f"{self.desk or '—'} {self.scanned_at:%H:%M} {self.outcome}"


class WorkshopAttendance(models.Model):
    """Someone scanned in at a workshop's door, once per workshop, with what their booking
    was at that moment."""

    class Booking(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On its waiting list")
        NOT_BOOKED = "not_booked", _("Not booked")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="workshop_attendances", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("workshop")
    )
    booking = models.CharField(_("booking when scanned"), max_length=20, choices=Booking.choices)
    attended_at = models.DateTimeField(_("scanned at"))
    desk = models.CharField(_("desk"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    client_id = models.UUIDField(_("scan id"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        db_table = "registrations_workshopattendance"
        verbose_name = _("workshop attendance")
        verbose_name_plural = _("workshop attendances")
        ordering = ["attended_at"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_attendance_per_workshop"),
            scan_time_in_range("attended_at", "attendance_time_a_clock_can_show"),
        ]

    def __str__(self):
        return f"{self.registration.full_name} — {self.session}"


class DeskBadgePrint(models.Model):
    """A badge printed at the desk on demand (a reprint when it is not the first)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="desk_prints", verbose_name=_("registration")
    )
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("printed by")
    )

    class Meta:
        db_table = "registrations_deskbadgeprint"
        verbose_name = _("badge printed at the desk")
        verbose_name_plural = _("badges printed at the desk")
        ordering = ["-printed_at"]

    def __str__(self):
        return f"{self.registration.full_name} — {self.printed_at:%H:%M}"


class BadgePrintRun(models.Model):
    """A batch of badges rendered into one PDF by a worker, for organisers to print."""

    class Source(models.TextChoices):
        ASKED = "asked", _("Confirmed attendees who asked for a printed badge")
        SELECTED = "selected", _("Selected registrations")
        CONFIRMED = "confirmed", _("All confirmed attendees")
        SPEAKERS = "speakers", _("All speakers")
        ORGANISERS = "organisers", _("All organisers")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="badge_runs", verbose_name=_("event"))
    source = models.CharField(_("badges of"), max_length=20, choices=Source.choices, default=Source.ASKED)
    registration_ids = models.JSONField(_("registrations"), default=list, blank=True)
    sheets = models.BooleanField(_("A4 sheets of four"), default=True, help_text=_("Otherwise one A6 page per badge."))
    language = models.CharField(
        _("language of the badges"),
        max_length=2,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
        help_text=_("Of their labels and of the speakers' job titles."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("badges rendered"), default=0)
    total = models.PositiveIntegerField(_("badges"), default=0)
    file = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        db_table = "registrations_badgeprintrun"
        verbose_name = _("badge print run")
        verbose_name_plural = _("badge print runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_source_display()} (#{self.pk})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
