"""Sending an announcement to its recipients, once each."""

from django.db import transaction
from django.utils import timezone

from backoffice.emails import announcement_email
from backoffice.models import Announcement
from mail.models import OutgoingEmail
from mail.outbox import enqueue_on_commit


def send_announcement(announcement: Announcement) -> int:
    """Send an announcement to every confirmed attendee of its event (or of its workshop),
    once each.

    Locks the announcement, so two organisers clicking at once send it once; a person
    confirmed since an earlier send gets it, nobody gets it twice. Returns how many
    e-mails were queued."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        recipients = announcement.recipients().select_related("user")
        keys = {registration.pk: f"announcement:{announcement.pk}:{registration.pk}" for registration in recipients}
        already = set(OutgoingEmail.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
        emails = OutgoingEmail.objects.bulk_create(
            announcement_email(announcement, registration, dedupe_key=keys[registration.pk])
            for registration in recipients
            if keys[registration.pk] not in already
        )
        announcement.sent_at = timezone.now()
        announcement.save(update_fields=["sent_at"])
        enqueue_on_commit([email.pk for email in emails])
    return len(emails)
