"""The day itself: arrivals at the door and the badge print runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations.models.seats import Registration


class CheckIn(models.Model):
    """An attendee's arrival at the door: recorded once, with the time and the staff member."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="check_in", verbose_name=_("registration")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked in by")
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]

    def __str__(self):
        return f"{self.registration.full_name} — {self.checked_in_at:%H:%M}"


class BadgePrintRun(models.Model):
    """A batch of badges rendered into one PDF by a worker, for organisers to print."""

    class Source(models.TextChoices):
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
    source = models.CharField(_("badges of"), max_length=20, choices=Source.choices, default=Source.CONFIRMED)
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
        verbose_name = _("badge print run")
        verbose_name_plural = _("badge print runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_source_display()} (#{self.pk})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
