"""Reconfirmation: a few days before the event every confirmed person is asked, by an e-mail
with two signed one-click links that need no login, whether they are still coming ("I am
coming") or would rather free their seat for the waiting list ("Free my seat"); those who
have not answered get one reminder, and organisers may, once a date they chose has passed,
release the seats of those who never answered.

The links carry the registration, the answer and the badge version (a seat passed to a
colleague makes its old links stale), signed with the site's secret: an altered link is
refused, and following a link again only shows where things stand.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event
from registrations.emails import EmailKind, queue_registration_email
from registrations.models import Registration
from registrations.services import RegistrationError, cancel_registration, lock_event

SALT = "techforclimate.reconfirmation"
# Longer than any reconfirmation period; the event's end closes the links anyway.
LINK_MAX_AGE = dt.timedelta(days=120)


class Answer(StrEnum):
    COMING = "coming"
    FREE = "free"


@dataclass(frozen=True)
class LinkReference:
    registration_id: int
    answer: Answer
    badge_version: int


def answer_token(registration: Registration, answer: Answer) -> str:
    return signing.dumps([registration.pk, str(answer), registration.badge_version], salt=SALT, compress=False)


def read_answer_token(token: str) -> LinkReference | None:
    """What a genuine link says, or None for anything altered, garbled or too old."""
    try:
        pk, answer, version = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
        return LinkReference(registration_id=int(pk), answer=Answer(answer), badge_version=int(version))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def answer_links(registration: Registration) -> dict:
    """The e-mail's two links, as `queue_registration_email` takes them."""
    return {f"{answer}_url": ("registrations:reconfirm", [answer_token(registration, answer)]) for answer in Answer}


# --- The e-mails, from the daily task -----------------------------------------------------------


def events_on(today: dt.date, days_field: str):
    """The published events not yet held whose `days_field` days before have come."""
    events = Event.objects.published().filter(date__gt=today)
    return [event for event in events if event.date - dt.timedelta(days=getattr(event, days_field)) <= today]


def send_reconfirmation_requests(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """Ask every confirmed person of each event whose reconfirmation day has come whether
    they are still coming; each person once, even if the beat missed a day or ran twice
    (people confirmed later are asked on the next run)."""
    now = now or timezone.now()
    asked = 0
    for event in events_on(today, "reconfirmation_days_before"):
        # A walk-in without an address cannot be asked: never counted as not answering.
        to_ask = Registration.objects.confirmed().filter(
            event=event, reconfirmation_sent_at__isnull=True, reconfirmed_at__isnull=True, user__isnull=False
        )
        for registration in to_ask.select_related("user"):
            asked += send_once(registration, "reconfirmation_sent_at", EmailKind.RECONFIRMATION, now=now)
    return asked


def send_reconfirmation_reminders(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """Remind, once, those asked on an earlier day who have not answered."""
    now = now or timezone.now()
    reminded = 0
    start_of_today = dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone())
    for event in events_on(today, "reconfirmation_reminder_days_before"):
        to_remind = Registration.objects.confirmed().filter(
            event=event,
            reconfirmation_sent_at__lt=start_of_today,
            reconfirmed_at__isnull=True,
            reconfirmation_reminded_at__isnull=True,
        )
        for registration in to_remind.select_related("user"):
            reminded += send_once(
                registration, "reconfirmation_reminded_at", EmailKind.RECONFIRMATION_REMINDER, now=now
            )
    return reminded


def send_once(registration: Registration, stamp: str, kind: str, *, now: dt.datetime) -> bool:
    """Stamp `stamp` and queue the e-mail in one transaction, only if nobody stamped it first."""
    with transaction.atomic():
        stamped = (
            Registration.objects.filter(pk=registration.pk, status=Registration.Status.CONFIRMED)
            .filter(**{f"{stamp}__isnull": True})
            .update(**{stamp: now})
        )
        if not stamped:
            return False
        queue_registration_email(
            registration, kind, dedupe_key=f"{kind}:{registration.pk}", links=answer_links(registration)
        )
    return True


# --- The answers ---------------------------------------------------------------------------------


def check_link_still_open(registration: Registration, event: Event, now: dt.datetime) -> None:
    if now >= event.ends_at:
        raise RegistrationError(_("The event is over: this link no longer does anything."), code="event_over")


def reconfirm(registration: Registration, *, now: dt.datetime | None = None) -> Registration:
    """The answer "I am coming", dated once; saying it again changes nothing. A seat already freed (by the
    person or by an organiser) cannot be taken back this way."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            raise RegistrationError(
                _("This seat has been freed: it can no longer be reconfirmed."),
                code="seat_freed",
            )
        if not registration.is_confirmed:
            raise RegistrationError(_("This registration has no seat to reconfirm."), code="not_confirmed")
        if registration.reconfirmed_at is not None:
            return registration
        check_link_still_open(registration, event, now)
        registration.reconfirmed_at = now
        registration.save(update_fields=["reconfirmed_at", "updated_at"])
    return registration


def free_seat(registration: Registration, *, now: dt.datetime | None = None) -> Registration:
    """The answer "Free my seat": the registration is cancelled through the seat rules (the waiting list
    moves as they say) and dated as freed. Freeing it again changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            return registration
        if not registration.is_confirmed:
            raise RegistrationError(_("This registration has no seat to free."), code="not_confirmed")
        check_link_still_open(registration, event, now)
        return mark_freed(cancel_registration(registration, now=now), now)


def mark_freed(registration: Registration, now: dt.datetime) -> Registration:
    registration.freed_at = now
    registration.save(update_fields=["freed_at", "updated_at"])
    return registration


# --- Releasing the seats of those who did not answer --------------------------------------------


def unanswered(event: Event, *, asked_before: dt.datetime):
    """Those still holding a seat who were asked to reconfirm before `asked_before` and have
    not answered, by name."""
    return (
        Registration.objects.confirmed()
        .filter(event=event, reconfirmation_sent_at__lt=asked_before, reconfirmed_at__isnull=True)
        .select_related("user")
        .order_by("last_name", "first_name", "pk")
    )


def answer_deadline(day: dt.date) -> dt.datetime:
    """The end of `day`: who has not answered by then may lose their seat."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone())


def release_unanswered(
    event: Event, *, answer_by: dt.date, registration_ids, now: dt.datetime | None = None
) -> list[Registration]:
    """Free the seats of those of `registration_ids` (the preview the organiser saw) who still
    have not answered by the end of `answer_by`, which must be past: each is cancelled through
    the seat rules (the waiting list moves), dated as freed, and told by e-mail. Those who
    answered or left since the preview are left alone; running it twice is a no-op."""
    now = now or timezone.now()
    deadline = answer_deadline(answer_by)
    if now < deadline:
        raise RegistrationError(
            _("Seats can be released only once the date you chose has passed."), code="deadline_not_passed"
        )
    released = []
    with transaction.atomic():
        event = lock_event(event.pk)
        for registration in unanswered(event, asked_before=deadline).filter(pk__in=list(registration_ids)):
            registration = cancel_registration(registration, now=now, notify=False)
            queue_registration_email(registration, EmailKind.SEAT_RELEASED)
            released.append(mark_freed(registration, now))
    return released
