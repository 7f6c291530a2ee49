"""The e-mails attendees receive: what each says, in their language, as text and HTML.

Each kind has one template, `templates/registrations/email/<kind>.txt`, which organisers
can read and change, and a subject template `<kind>_subject.txt`; the HTML version is that
same text laid out by `_layout.html`, so the two never disagree.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.site import site_url
from registrations.calendars import agenda_ics
from registrations.models import OutgoingEmail, Registration
from registrations.outbox import queue_email

REGISTRATION_KINDS = {
    "confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "workshop_booked",
    "workshop_waitlisted",
    "workshop_promoted",
    "reminder",
}
# The e-mails that confirm a seat carry the person's agenda as a calendar file.
KINDS_WITH_AGENDA = {"confirmed", "promoted", "reminder"}


def queue_registration_email(registration: Registration, kind: str, *, session=None, dedupe_key=None):
    """Record the e-mail of `kind` for this registration; it leaves after commit."""
    if kind not in REGISTRATION_KINDS:
        raise ValueError(f"Unknown e-mail kind: {kind}")
    context = {}
    if kind == "waitlisted":
        context["position"] = registration.waiting_list_position()
    return queue_email(
        recipient=registration.user.email,
        language=registration.user.language,
        kind=kind,
        registration=registration,
        session=session,
        context=context,
        dedupe_key=dedupe_key,
    )


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The message to send for a recorded e-mail, built at send time from current data."""
    if email.subject:
        message = EmailMultiAlternatives(email.subject, email.body_text, to=[email.recipient])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
    else:
        with translation.override(email.language):
            subject, text = render_kind(email)
            html = render_to_string("registrations/email/_layout.html", {"subject": subject, "text": text})
            message = EmailMultiAlternatives(subject, text, to=[email.recipient])
            message.attach_alternative(html, "text/html")
            if email.kind in KINDS_WITH_AGENDA and email.registration and email.registration.is_confirmed:
                message.attach(f"{email.registration.event.slug}.ics", agenda_ics(email.registration), "text/calendar")
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    # Lets anyone (and the tests) see which recorded e-mail a delivered message is.
    message.extra_headers["X-TFC-Email-Id"] = str(email.pk)
    return message


def render_kind(email: OutgoingEmail) -> tuple[str, str]:
    registration = email.registration
    event = next(source for source in (registration, email.announcement, email.invitee, email.hold) if source).event
    context = {
        "registration": registration,
        "event": event,
        "session": email.session,
        "announcement": email.announcement,
        "invitee": email.invitee,
        "invitation_url": site_url(email.invitee.get_absolute_url()) if email.invitee else "",
        "hold": email.hold,
        "hold_url": site_url(email.hold.get_absolute_url()) if email.hold else "",
        "language": email.language,
        "my_registration_url": site_url(reverse("registrations:mine")),
        "badge_url": site_url(reverse("registrations:badge")),
        **email.context,
    }
    template = f"registrations/email/{email.kind}"
    if email.kind == "announcement":
        subject = email.announcement.subject_in(email.language)
    else:
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return subject, render_to_string(f"{template}.txt", context).strip() + "\n"
