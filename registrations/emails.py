"""The e-mails that tell attendees what happened, in their own language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events.models import Session
from registrations.models import Registration

KINDS = {
    "confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "workshop_booked",
    "workshop_waitlisted",
    "workshop_promoted",
}


def build_registration_email(
    registration: Registration, kind: str, *, session: Session | None = None
) -> EmailMultiAlternatives:
    if kind not in KINDS:
        raise ValueError(f"Unknown e-mail kind: {kind}")
    with translation.override(registration.user.language):
        context = {
            "registration": registration,
            "event": registration.event,
            "session": session,
            "position": registration.waiting_list_position(),
            "my_registration_url": settings.SITE_URL.rstrip("/") + reverse("registrations:mine"),
        }
        subject = render_to_string(f"registrations/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"registrations/email/{kind}.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=[registration.user.email])
