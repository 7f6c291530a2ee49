"""Announcements organisers write to the confirmed attendees (the table kept its name from
when the model was part of registrations)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session
from mail.models import OutgoingEmail
from registrations.models import Registration, WorkshopBooking


class Announcement(models.Model):
    """A message organisers send to every confirmed attendee, in French and English."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("event"))
    workshop = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        limit_choices_to={"kind": Session.Kind.WORKSHOP},
        verbose_name=_("only to the attendees of this workshop"),
        help_text=_("Leave empty to write to every confirmed attendee."),
    )
    # In French and English (backoffice/translation.py): subject_fr, subject_en, body_fr, body_en.
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    emails = GenericRelation(OutgoingEmail, related_query_name="announcement")

    class Meta:
        db_table = "registrations_announcement"
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject_fr or ""

    def recipients(self):
        """The confirmed attendees this announcement is for (walk-ins without an address,
        who have no account, get no e-mail)."""
        confirmed = Registration.objects.confirmed().filter(event_id=self.event_id, user__isnull=False)
        if self.workshop_id:
            confirmed = confirmed.filter(
                bookings__session_id=self.workshop_id, bookings__status=WorkshopBooking.Status.BOOKED
            )
        return confirmed

    def subject_in(self, language: str) -> str:
        return getattr(self, f"subject_{language}", None) or self.subject_fr

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}", None) or self.body_fr
