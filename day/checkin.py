"""Checking people in at the door, from the token on their badge or from a name search."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from day.models import CheckIn
from day.tokens import read_badge_token
from events.models import Event
from registrations.models import Registration
from speakers.models import Speaker

# Registration's own permission: check-in staff (the Accueil group) and organisers have it.
CHECK_IN_PERMISSION = "registrations.check_in"


class CheckInError(DomainError):
    """A badge or registration that cannot be checked in, with the reason in words."""

    def __init__(self, message: str, *, code: str, registration=None, check_in=None):
        super().__init__(message, code=code)
        self.registration = registration
        self.check_in = check_in


@dataclass(frozen=True)
class Welcome:
    """A valid badge of someone who needs no check-in record: a speaker or an organiser."""

    kind: str
    name: str


def check_in(
    registration: Registration, *, staff: User, now: dt.datetime | None = None, desk: str = "", client_id=None
) -> CheckIn:
    """Record a confirmed attendee's arrival, once: the one rule of the desks (online, from
    their queues) and of the organisers' action. `now`: when the arrival happened (a desk's
    scan time, checked already), by default this moment.

    Locks the registration, so two desks scanning the same badge at the same moment record
    one check-in; the second is told when and by whom it was done. The first arrival wins by
    its time: one earlier than the recorded check-in (a desk that was offline sends its queue
    late) moves the check-in to its time, desk, staff member and scan id."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        refuse_outside_window(registration.event, now, registration=registration)
        refuse_unconfirmed(registration)
        existing = CheckIn.objects.filter(registration=registration).select_related("checked_in_by").first()
        if existing is not None and now < existing.checked_in_at:
            existing.checked_in_at, existing.desk, existing.checked_in_by = now, desk, staff
            existing.client_id = client_id
            existing.save(update_fields=["checked_in_at", "desk", "checked_in_by", "client_id"])
            return existing
        if existing is not None:
            raise already_checked_in(existing)
        try:
            with transaction.atomic():
                return CheckIn.objects.create(
                    registration=registration, checked_in_at=now, checked_in_by=staff, desk=desk, client_id=client_id
                )
        except IntegrityError:
            # Only reachable where row locks do not exist; the unique row still decides.
            existing = CheckIn.objects.select_related("checked_in_by").get(registration=registration)
            raise already_checked_in(existing) from None


def window_message(event: Event) -> str:
    def spelled(moment):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")

    return _("Check-in is open from %(opens)s until %(closes)s.") % {
        "opens": spelled(event.check_in_opens_at),
        "closes": spelled(event.check_in_closes_at),
    }


def refuse_outside_window(event: Event, moment: dt.datetime, *, registration=None) -> None:
    """Arrivals are recorded only around the event's day (`Event.check_in_opens_days_before`):
    a badge scanned weeks before would close the seat's life long before anyone came in."""
    if not event.is_check_in_open(moment):
        raise CheckInError(window_message(event), code="outside_window", registration=registration)


def refuse_unconfirmed(registration: Registration) -> None:
    if registration.is_cancelled:
        raise CheckInError(_("This registration was cancelled."), code="cancelled", registration=registration)
    if registration.is_waitlisted:
        raise CheckInError(
            _("This person is on the waiting list, not confirmed."), code="waitlisted", registration=registration
        )


def already_checked_in(existing: CheckIn) -> CheckInError:
    return CheckInError(
        _("Already checked in at %(time)s by %(staff)s.")
        % {"time": f"{timezone.localtime(existing.checked_in_at):%H:%M}", "staff": existing.checked_in_by},
        code="already_checked_in",
        registration=existing.registration,
        check_in=existing,
    )


def check_in_badge(
    token: str, *, event: Event, staff: User, now: dt.datetime | None = None, desk: str = ""
) -> CheckIn | Welcome:
    """Check in whoever the badge's token names: an attendee is recorded; a speaker or an
    organiser is welcomed. Forged, altered or foreign badges are refused."""
    holder = read_badge(token, event=event)
    if isinstance(holder, Welcome):
        return holder
    return check_in(holder, staff=staff, now=now, desk=desk)


def read_badge(token: str, *, event: Event) -> Registration | Welcome:
    """The registration a genuine badge of `event` names, or the welcome of a speaker or an
    organiser; anything else refused with its reason."""
    reference = read_badge_token(token)
    if reference is None:
        raise CheckInError(_("Not a valid badge: the code was forged, altered or misread."), code="invalid")
    if reference.event_id != event.pk:
        raise CheckInError(_("This badge is for another event."), code="other_event")
    if reference.kind == "speaker":
        speaker = Speaker.objects.filter(pk=reference.pk).first()
        if speaker is None:
            raise CheckInError(_("This speaker is no longer in the programme."), code="unknown")
        return Welcome(kind="speaker", name=speaker.name)
    if reference.kind == "organiser":
        user = User.objects.filter(pk=reference.pk, is_active=True, is_staff=True).first()
        if user is None:
            raise CheckInError(_("This organiser badge is no longer valid."), code="unknown")
        return Welcome(kind="organiser", name=str(user))
    registration = Registration.objects.filter(pk=reference.pk, event=event).first()
    if registration is None:
        raise CheckInError(_("This registration no longer exists."), code="unknown")
    if reference.version != registration.badge_version:
        raise CheckInError(
            _("This badge was replaced: the seat passed to someone else, who has their own badge."),
            code="replaced",
            registration=registration,
        )
    return registration


def check_in_counts(event: Event) -> tuple[int, int]:
    """(checked in, confirmed) for the live counter."""
    confirmed = Registration.objects.confirmed().filter(event=event)
    return confirmed.filter(check_in__isnull=False).count(), confirmed.count()


def search_attendees(event: Event, query: str, *, limit: int = 20):
    query = query.strip()
    if len(query) < 2:
        return []
    matches = Q()
    for word in query.split():
        matches &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organisation__icontains=word)
            | Q(user__email__icontains=word)
        )
    return list(
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .filter(matches)
        .select_related("check_in", "user")
        .order_by("last_name", "first_name")[:limit]
    )
