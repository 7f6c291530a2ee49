"""The desk that survives the network: the day's list a desk keeps in the browser, and the
scans it sends back (at once when online, from its queue when the network returns).

Every scan carries the id the desk gave it (a UUID) and is recorded once (DeskScan): a
resend gets the stored outcome. The first scan of a badge wins: when a scan made EARLIER
than the current check-in arrives later (a desk that stayed offline longer), the check-in
takes that scan's time, desk and id, and both desks are told of the other's scan."""

import base64
import datetime as dt
import hashlib
import uuid
from dataclasses import asdict, dataclass, replace

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from core.content_language import in_active_language
from day import checkin
from day.checkin import (
    CheckInError,
    Welcome,
    already_checked_in,
    read_badge,
    refuse_unconfirmed,
    window_message,
)
from day.models import CheckIn, DeskScan, WorkshopAttendance
from day.tokens import badge_token
from events.models import Event, Session
from registrations.models import Registration, WorkshopBooking
from speakers.models import Speaker

CHECK_IN, WORKSHOP = DeskScan.Mode.CHECK_IN, DeskScan.Mode.WORKSHOP
Booking = WorkshopAttendance.Booking


def code_hash(token: str) -> str:
    """SHA-256 of the badge's code, base64url without padding: what the desk's script
    computes from a scanned code with crypto.subtle, to find it in the list."""
    digest = hashlib.sha256(token.strip().encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def list_valid_until(event: Event) -> dt.datetime:
    """The list is for the day: it expires at the midnight that ends the event's day."""
    return dt.datetime.combine(event.date + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone())


class ListExpired(CheckInError):
    pass


def workshop_label(session: Session) -> str:
    room = f" ({in_active_language(session.room, 'name')})" if session.room_id else ""
    return f"{timezone.localtime(session.start):%H:%M} {in_active_language(session, 'title')}{room}"


def day_list(event: Event, *, now: dt.datetime | None = None) -> dict:
    """The day's list for the desks: for each valid badge the hash of its code and what the
    desk shows (name, organisation, category, today's workshops, status). No e-mail.

    Short keys and shared tables (workshops, categories) keep 350 people well under 100 KB."""
    now = now or timezone.now()
    valid_until = list_valid_until(event)
    if now >= valid_until:
        raise ListExpired(_("The event is over: the desk's list has expired."), code="expired")
    workshops = {
        session.pk: workshop_label(session)
        for session in Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP).select_related("room")
    }
    bookings: dict[int, dict[str, list[int]]] = {}
    for registration_id, session_id, status in WorkshopBooking.objects.filter(
        registration__event=event, status__in=[WorkshopBooking.Status.BOOKED, WorkshopBooking.Status.WAITLISTED]
    ).values_list("registration_id", "session_id", "status"):
        key = "w" if status == WorkshopBooking.Status.BOOKED else "q"
        bookings.setdefault(registration_id, {}).setdefault(key, []).append(session_id)
    people = []
    registrations = Registration.objects.filter(event=event).select_related("check_in").order_by("pk")
    for registration in registrations:
        entry = {
            "h": code_hash(
                badge_token(
                    event_id=event.pk, kind="registration", pk=registration.pk, version=registration.badge_version
                )
            ),
            "n": registration.full_name,
            "o": registration.organisation,
            "c": registration.category,
            "s": list_status(registration),
        } | bookings.get(registration.pk, {})
        check_in = getattr(registration, "check_in", None)
        if check_in is not None:
            entry |= {"t": f"{timezone.localtime(check_in.checked_in_at):%H:%M}", "d": check_in.desk}
        people.append(entry)
    speakers = Speaker.objects.filter(sessions__event=event).distinct()
    people += [
        {
            "h": code_hash(badge_token(event_id=event.pk, kind="speaker", pk=speaker.pk)),
            "n": speaker.name,
            "s": "speaker",
        }
        for speaker in speakers
    ]
    people += [
        {"h": code_hash(badge_token(event_id=event.pk, kind="organiser", pk=user.pk)), "n": str(user), "s": "organiser"}
        for user in User.objects.filter(is_active=True, is_staff=True)
    ]
    categories = dict(Registration._meta.get_field("category").flatchoices)
    return {
        "event": event.pk,
        "generated_at": now.isoformat(),
        "valid_until": valid_until.isoformat(),
        "categories": {str(key): str(label) for key, label in categories.items()},
        "workshops": {str(pk): label for pk, label in workshops.items()},
        "people": people,
    }


def list_status(registration: Registration) -> str:
    if registration.is_cancelled:
        return "cancelled"
    if registration.is_waitlisted:
        return "waitlisted"
    return "in" if getattr(registration, "check_in", None) is not None else "confirmed"


@dataclass(frozen=True)
class Scan:
    client_id: uuid.UUID
    code: str
    scanned_at: dt.datetime
    desk: str = ""
    mode: str = CHECK_IN
    session: Session | None = None


@dataclass
class Answer:
    """What the desk shows for a scan, in the staff's language."""

    client_id: str
    outcome: str
    tone: str  # "ok", "warning" or "error": the colours of the online desk
    title: str
    message: str = ""
    name: str = ""
    details: str = ""
    conflict: str = ""
    note: str = ""

    def as_json(self) -> dict:
        return asdict(self)


# How long a scan may wait in a desk's queue and keep the time it was made: a desk offline
# overnight between the badge pick-up and the day still counts; anything older is not a queue.
SCAN_QUEUE_MAX_AGE = dt.timedelta(hours=24)


def trusted_scan_time(event: Event, scanned_at: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """The time a desk says a scan was made, if it can be: not in our future (a desk's clock
    ahead would win every "first scan" race), not before the check-in window opened, not
    older than a queue. None: the server's time is used, and the desk is told."""
    earliest = max(event.check_in_opens_at, now - SCAN_QUEUE_MAX_AGE)
    return scanned_at if earliest <= scanned_at <= now else None


def record_scan(event: Event, scan: Scan, *, staff: User, now: dt.datetime | None = None) -> Answer:
    """Record one scan a desk sent, once by its id, and say what it means."""
    now = now or timezone.now()
    stored = DeskScan.objects.filter(client_id=scan.client_id).first()
    if stored is not None:
        return answer_for(stored, scan)
    note = ""
    if trusted_scan_time(event, scan.scanned_at, now) is None:
        scan = replace(scan, scanned_at=now)
        note = _("This desk's time for the scan could not be trusted: it is recorded at %(time)s, when it arrived.") % {
            "time": f"{timezone.localtime(now):%H:%M}"
        }
    answer = record_trusted_scan(event, scan, staff=staff)
    answer.note = note
    return answer


def record_trusted_scan(event: Event, scan: Scan, *, staff: User) -> Answer:
    try:
        holder = read_badge(scan.code, event=event)
    except CheckInError as error:
        return save_unlocked(event, scan, staff, error.code, error.registration)
    if isinstance(holder, Welcome):
        return save_unlocked(event, scan, staff, "welcome", None)
    if not event.is_check_in_open(scan.scanned_at):
        return save_unlocked(event, scan, staff, "outside_window", holder)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=holder.pk)
        stored = DeskScan.objects.filter(client_id=scan.client_id).first()  # re-read after the lock
        if stored is not None:
            return answer_for(stored, scan)
        if scan.mode == WORKSHOP and scan.session is not None:
            outcome = attend_workshop(registration, scan, staff)
        else:
            outcome = check_in_scanned(registration, scan, staff)
        stored = store_scan(event, scan, staff, outcome, registration)
    return answer_for(stored, scan)


def save_unlocked(event, scan: Scan, staff, outcome: str, registration) -> Answer:
    """A scan that changes nothing (a refusal, a welcome): the unique id alone decides."""
    try:
        with transaction.atomic():
            stored = store_scan(event, scan, staff, outcome, registration)
    except IntegrityError:
        stored = DeskScan.objects.get(client_id=scan.client_id)
    return answer_for(stored, scan)


def store_scan(event, scan: Scan, staff, outcome: str, registration) -> DeskScan:
    return DeskScan.objects.create(
        client_id=scan.client_id,
        event=event,
        mode=scan.mode,
        session=scan.session,
        registration=registration,
        desk=scan.desk,
        staff=staff,
        scanned_at=scan.scanned_at,
        outcome=outcome,
    )


def check_in_scanned(registration: Registration, scan: Scan, staff: User) -> str:
    """Under the registration's lock: the outcome of a check-in scan, by the one check-in
    rule (`checkin.check_in`), in the desk's own words (`answer_for`)."""
    try:
        checkin.check_in(registration, staff=staff, now=scan.scanned_at, desk=scan.desk, client_id=scan.client_id)
    except CheckInError as error:
        return error.code
    return "checked_in"


def attend_workshop(registration: Registration, scan: Scan, staff: User) -> str:
    """Under the registration's lock: record the attendance once, with the booking as it is."""
    try:
        refuse_unconfirmed(registration)
    except CheckInError as error:
        return error.code
    if WorkshopAttendance.objects.filter(registration=registration, session=scan.session).exists():
        return "already_attended"
    status = (
        WorkshopBooking.objects.filter(registration=registration, session=scan.session)
        .exclude(status=WorkshopBooking.Status.CANCELLED)
        .values_list("status", flat=True)
        .first()
    )
    booking = {WorkshopBooking.Status.BOOKED: Booking.BOOKED, WorkshopBooking.Status.WAITLISTED: Booking.WAITLISTED}
    WorkshopAttendance.objects.create(
        registration=registration,
        session=scan.session,
        booking=booking.get(status, Booking.NOT_BOOKED),
        attended_at=scan.scanned_at,
        desk=scan.desk,
        recorded_by=staff,
        client_id=scan.client_id,
    )
    return {Booking.BOOKED: "booked", Booking.WAITLISTED: "waitlisted_workshop"}.get(booking.get(status), "not_booked")


def titles() -> dict[str, str]:
    """The result's heading for each outcome: the online desk's words."""
    return {
        "checked_in": _("Checked in"),
        "already_checked_in": _("Already checked in"),
        "cancelled": _("Registration cancelled"),
        "waitlisted": _("Waiting list: not confirmed"),
        "other_event": _("Not for this event"),
        "replaced": _("Badge replaced"),
        "invalid": _("Not a valid badge"),
        "speaker": _("Speaker badge: welcome"),
        "organiser": _("Organiser badge: welcome"),
        "booked": _("Booked for this workshop"),
        "waitlisted_workshop": _("On this workshop's waiting list"),
        "not_booked": _("Not booked for this workshop"),
        "already_attended": _("Already scanned into this workshop"),
        "outside_window": _("Check-in is not open"),
        "unreadable": _("Scan not read"),
    }


TONES = {"checked_in": "ok", "welcome": "ok", "booked": "ok", "already_checked_in": "warning"}
TONES |= dict.fromkeys(["waitlisted_workshop", "not_booked", "already_attended"], "warning")


def refusal_answer(client_id: str, reason: str) -> Answer:
    """A batch's item that is not a scan: refused alone, so that the desk drops it and the
    rest of its queue is recorded."""
    return Answer(client_id=client_id, outcome="unreadable", tone="error", title=titles()["unreadable"], message=reason)


def answer_for(stored: DeskScan, scan: Scan) -> Answer:
    outcome = stored.outcome
    answer = Answer(client_id=str(stored.client_id), outcome=outcome, tone=TONES.get(outcome, "error"), title="")
    if outcome == "welcome":
        holder = read_badge(scan.code, event=stored.event)
        answer.title, answer.name = titles()[holder.kind], holder.name
        return answer
    answer.title = titles().get(outcome, titles()["invalid"])
    registration = stored.registration
    if registration is None or outcome in {"other_event", "replaced", "invalid", "unknown"}:
        answer.message = refusal_message(stored, scan)
        return answer
    answer.name = registration.full_name
    answer.details = f"{registration.get_category_display()} · {registration.organisation}"
    if outcome == "outside_window":
        answer.message = window_message(stored.event)
    elif outcome in {"cancelled", "waitlisted"}:
        answer.message = refusal_message(stored, scan)
    elif stored.mode == WORKSHOP:
        answer.message = places_message(stored.session)
    else:
        check_in = CheckIn.objects.select_related("checked_in_by").filter(registration=registration).first()
        if check_in is not None:  # (an organiser may have undone it since, in the admin)
            answer.message, answer.conflict = check_in_words(stored, check_in)
    return answer


def refusal_message(stored: DeskScan, scan: Scan) -> str:
    try:
        holder = read_badge(scan.code, event=stored.event)
        refuse_unconfirmed(holder)
    except CheckInError as error:
        return error.message
    return ""


def check_in_words(stored: DeskScan, check_in: CheckIn) -> tuple[str, str]:
    """(message, conflict): when and where the arrival was recorded, and the other desk's scan."""
    if stored.outcome == "already_checked_in":
        message = already_checked_in(check_in).message
        if not check_in.desk:
            return message, ""
        return message, _("Already checked in at %(time)s at %(desk)s.") % {
            "time": f"{timezone.localtime(check_in.checked_in_at):%H:%M}",
            "desk": check_in.desk,
        }
    other = (
        DeskScan.objects.filter(registration=stored.registration, mode=CHECK_IN)
        .filter(outcome__in=["checked_in", "already_checked_in"])
        .exclude(client_id=stored.client_id)
        .first()
    )
    if other is None:
        return "", ""
    return "", _("Also scanned at %(desk)s at %(time)s.") % {
        "desk": other.desk or "?",
        "time": f"{timezone.localtime(other.scanned_at):%H:%M}",
    }


def places_left(session: Session) -> int:
    capacity = session.capacity if session.capacity is not None else getattr(session.room, "capacity", 0)
    return max(capacity - session.bookings.booked().count(), 0)


def places_message(session: Session) -> str:
    left = places_left(session)
    if not left:
        return _("The workshop is full.")
    return ngettext("%(count)d place left in the workshop.", "%(count)d places left in the workshop.", left) % {
        "count": left
    }


def desk_strings() -> dict:
    """The words the desk's script shows when it decides alone (offline), from the same
    messages as the server's; passed to the page as JSON."""
    return {
        "titles": titles(),
        "cancelled": _("This registration was cancelled."),
        "waitlisted": _("This person is on the waiting list, not confirmed."),
        "invalid": _("Not a valid badge: the code was forged, altered or misread."),
        "already": _("Already checked in at %(time)s at %(desk)s."),
        "already_here": _("Already checked in at %(time)s."),
        "workshops_today": _("Workshops today:"),
        "no_workshop": _("No workshop booked."),
        "queued": _("Recorded on this device: it will be sent when the network returns."),
        "banner": {
            count: ngettext("offline — %(count)s check-in waiting", "offline — %(count)s check-ins waiting", count)
            for count in (0, 1, 2)
        },
    }
