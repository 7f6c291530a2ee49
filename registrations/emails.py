"""The e-mails attendees and invitees receive: what each says, in their language.

Each kind has one template, `templates/registrations/email/<kind>.txt`, which organisers
can read and change, and a subject template `<kind>_subject.txt`. The outbox (`mail`)
records and sends them; this module tells it what they say (`render_email`, registered for
every kind in `RegistrationsConfig.ready()`). The back office's announcements to the
attendees start from the same context (`email_context`).
"""

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from icalendar import vDatetime

from core.site import site_url
from events.editions import addresses_of
from events.models import Session
from mail.fallbacks import render_text
from mail.models import OutgoingEmail
from mail.outbox import queue_email
from mail.rendering import Rendered, is_sharing, shared
from registrations import sections
from registrations.calendars import agenda_ics
from registrations.models import Invitee, Registration, SeatHold, WorkshopBooking


class EmailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Seat confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    PROMOTED = "promoted", _("Seat confirmed from the waiting list")
    CANCELLED = "cancelled", _("Registration cancelled")
    WORKSHOP_BOOKED = "workshop_booked", _("Workshop place confirmed")
    WORKSHOP_WAITLISTED = "workshop_waitlisted", _("On a workshop's waiting list")
    WORKSHOP_PROMOTED = "workshop_promoted", _("Workshop place confirmed from the waiting list")
    REMINDER = "reminder", _("Reminder before the event")
    INVITATION = "invitation", _("Invitation")
    INVITATION_REMINDER = "invitation_reminder", _("Invitation reminder")
    COLLEAGUE_HOLD = "colleague_hold", _("Seat held by a colleague")
    AWAITING_APPROVAL = "awaiting_approval", _("Registration awaiting approval")
    REFUSED = "refused", _("Registration refused")
    SEAT_OFFERED = "seat_offered", _("Seat offered from the waiting list")
    OFFER_LAPSED = "offer_lapsed", _("Seat offer lapsed")
    LIST_CLOSED = "list_closed", _("Waiting list closed")
    RECONFIRMATION = "reconfirmation", _("Asked to reconfirm")
    RECONFIRMATION_REMINDER = "reconfirmation_reminder", _("Reminded to reconfirm")
    SEAT_RELEASED = "seat_released", _("Seat released for want of an answer")
    SEAT_TRANSFER = "seat_transfer", _("Seat passed on by a colleague")
    SEAT_PASSED = "seat_passed", _("Seat passed to a colleague")
    FEEDBACK = "feedback", _("Asked for feedback the day after")


# The e-mails about a registration, which `queue_registration_email` writes.
REGISTRATION_KINDS = {
    EmailKind.CONFIRMED,
    EmailKind.WAITLISTED,
    EmailKind.PROMOTED,
    EmailKind.CANCELLED,
    EmailKind.WORKSHOP_BOOKED,
    EmailKind.WORKSHOP_WAITLISTED,
    EmailKind.WORKSHOP_PROMOTED,
    EmailKind.REMINDER,
    EmailKind.AWAITING_APPROVAL,
    EmailKind.REFUSED,
    EmailKind.SEAT_OFFERED,
    EmailKind.OFFER_LAPSED,
    EmailKind.LIST_CLOSED,
    EmailKind.RECONFIRMATION,
    EmailKind.RECONFIRMATION_REMINDER,
    EmailKind.SEAT_RELEASED,
    EmailKind.SEAT_PASSED,
    EmailKind.FEEDBACK,
}
# The e-mails that confirm a seat carry the person's agenda as a calendar file.
KINDS_WITH_AGENDA = {EmailKind.CONFIRMED, EmailKind.PROMOTED, EmailKind.REMINDER}


def queue_registration_email(
    registration: Registration, kind: str, *, session=None, dedupe_key=None, links=None, position=None
):
    """Record the e-mail of `kind` for this registration; it leaves after commit.

    `links`: {name: (URL name, args)}, the links the e-mail gives as `name`, built when it is
    written out, in its language; `position`: the place on the waiting list when the caller
    counted it already (else it is counted here). A walk-in registered without an address has
    no account: nothing is written for them (None), as for a repeated `dedupe_key`."""
    if kind not in REGISTRATION_KINDS:
        raise ValueError(f"Unknown e-mail kind: {kind}")
    if registration.user_id is None:
        return None
    context = {"links": links} if links else {}
    if kind == EmailKind.WAITLISTED:
        context["position"] = position or registration.waiting_list_position()
    if session is not None:
        context["session_id"] = session.pk
    return queue_email(
        recipient=registration.user.email,
        language=registration.user.language,
        kind=kind,
        about=registration,
        context=context,
        dedupe_key=dedupe_key,
    )


# What an e-mail can be about, by the name its templates use.
SOURCES = {"registration": Registration, "invitee": Invitee, "hold": SeatHold}


def sources(email: OutgoingEmail) -> dict:
    """The objects an e-mail speaks of, read at send time: what it is about, and the
    registration and workshop its context names (None once deleted)."""
    about = email.about
    found = {name: about if isinstance(about, model) else None for name, model in SOURCES.items()}
    if registration_id := email.context.get("registration_id"):
        found["registration"] = Registration.objects.filter(pk=registration_id).first()
    found["session"] = None
    if session_id := email.context.get("session_id"):
        found["session"] = Session.objects.filter(pk=session_id).first()
    return found


def common_links(language: str) -> dict[str, str]:
    """The links every e-mail may give, in the active language (`language`, the key)."""
    return {
        "my_registration_url": site_url(reverse("registrations:mine")),
        "badge_url": site_url(reverse("day:badge")),
        "phone_badge_url": site_url(reverse("day:phone_badge")),
    }


def agenda_file(registration: Registration, language: str) -> bytes:
    """The person's agenda as `calendars.agenda_ics` writes it. In a group of e-mails sent
    together, the people who booked no workshop have the same file but for its DTSTAMP
    (their registration's last change): it is written once and each one's stamp put in."""
    if not is_sharing():
        return agenda_ics(registration, language)
    event_id = registration.event_id
    with_workshops = shared(
        ("with workshops", event_id),
        lambda: set(
            WorkshopBooking.objects.booked()
            .filter(registration__event_id=event_id)
            .values_list("registration_id", flat=True)
        ),
    )
    if registration.pk in with_workshops:
        return agenda_ics(registration, language)
    first, calendar = shared(
        ("plenaries only", event_id, language), lambda: (registration, agenda_ics(registration, language))
    )
    return calendar.replace(stamp_line(first), stamp_line(registration))


def stamp_line(registration: Registration) -> bytes:
    return b"DTSTAMP:" + vDatetime(registration.updated_at.astimezone(dt.UTC)).to_ical()


def email_context(email: OutgoingEmail) -> dict:
    """What an e-mail's templates read: the objects it speaks of (`sources`), its event, the
    links every e-mail may give and its own links, in its language."""
    found = sources(email)
    about = email.about
    # One read of the event for a group of e-mails sent together (mail.rendering.sharing).
    event = about.event = shared(("event", about.event_id), lambda: about.event)
    return {
        **found,
        "event": event,
        "invitation_url": site_url(found["invitee"].get_absolute_url()) if found["invitee"] else "",
        "hold_url": site_url(found["hold"].get_absolute_url()) if found["hold"] else "",
        "language": email.language,
        **shared(("links", email.language, event.pk), lambda: common_links(email.language)),
        **email.context,
        **{
            name: site_url(reverse(url_name, args=args))
            for name, (url_name, args) in email.context.get("links", {}).items()
        },
    }


def render_email(email: OutgoingEmail) -> Rendered:
    with addresses_of(edition_of(email)):  # its links name its edition, whichever is current when it leaves
        return _render_email(email)


def edition_of(email: OutgoingEmail):
    """The edition an e-mail is about: its registration's, invitation's or held seat's."""
    about = email.about
    # One read of the event for a group of e-mails sent together (mail.rendering.sharing).
    about.event = shared(("event", about.event_id), lambda: about.event)
    return about.event


def _render_email(email: OutgoingEmail) -> Rendered:
    context = email_context(email)
    event, registration = context["event"], context["registration"]
    template = f"registrations/email/{email.kind}"
    subject = " ".join(render_text(f"{template}_subject.txt", context).split())
    # Read in the e-mail's language; French fallbacks come marked for its HTML part.
    text = render_text(f"{template}.txt", context).strip() + "\n"
    attachments = []
    if email.kind in KINDS_WITH_AGENDA and registration and registration.is_confirmed:
        # In the e-mail's language, as its text.
        attachments.append((f"{event.slug}.ics", agenda_file(registration, email.language), "text/calendar"))
    # The same e-mails carry the badge's code (the day's), to show at the door from the inbox.
    images = []
    if email.kind in KINDS_WITH_AGENDA and registration and registration.is_confirmed:
        images = sections.seat_email_images(registration, email)
    return Rendered(subject, text, attachments, images)
