"""What attendees thought, the day after: a rating per session they attended, and the day.

The tables kept their names from when these models were part of registrations."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Session
from registrations.models import Registration

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class SessionFeedback(models.Model):
    """One person's answer about one session; changeable for 14 days, one per session."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_feedback", verbose_name=_("registration")
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("session"))
    rating = models.PositiveSmallIntegerField(_("rating (1 to 5)"), validators=RATING)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        db_table = "registrations_sessionfeedback"
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_feedback_per_person_and_session")
        ]

    def __str__(self):
        return f"{self.session} — {self.rating}/5"


class DayFeedback(models.Model):
    """One person's answer about the day as a whole."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="day_feedback", verbose_name=_("registration")
    )
    rating = models.PositiveSmallIntegerField(_("rating of the day (1 to 5)"), validators=RATING, null=True, blank=True)
    comment = models.TextField(_("what should we change for the next edition?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        db_table = "registrations_dayfeedback"
        verbose_name = _("feedback on the day")
        verbose_name_plural = _("feedback on the day")

    def __str__(self):
        return f"{self.registration_id} — {self.rating or '—'}/5"
