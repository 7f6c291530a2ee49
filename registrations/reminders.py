import datetime as dt

from django.db import transaction

from events.models import Event
from registrations.emails import EmailKind, queue_registration_email
from registrations.models import Registration

REMIND_DAYS_BEFORE = 2


@transaction.atomic
def send_event_reminders(*, today: dt.date) -> int:
    """Remind every confirmed attendee of an event that is two days away or less.

    Runs every day (Celery beat); each person gets the reminder once, even if the beat
    missed a day or runs twice."""
    queued = 0
    events = Event.objects.published().filter(date__gt=today, date__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE))
    for event in events:
        confirmed = Registration.objects.confirmed().filter(event=event).select_related("user")
        for registration in confirmed:
            email = queue_registration_email(registration, EmailKind.REMINDER, dedupe_key=f"reminder:{registration.pk}")
            queued += email is not None
    return queued
