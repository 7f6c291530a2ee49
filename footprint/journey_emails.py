"""The e-mail that carries a "share my journey" message: the sender's first name,
organisation and words, and a link back to the page; never the sender's address (no
Reply-To either: the answer goes through the site too)."""

from django.urls import reverse

from core.site import site_url
from events.editions import addresses_of
from mail.fallbacks import plain, render_text
from mail.models import OutgoingEmail
from mail.rendering import Rendered

JOURNEY_MESSAGE = "journey_message"
KINDS = [JOURNEY_MESSAGE]


def recipient_of(message):
    """The account the message goes to (an attendee's, through their registration)."""
    return message.recipient.registration.user


def render_email(email: OutgoingEmail) -> Rendered:
    message = email.about
    if message is None:
        raise LookupError("The journey message was deleted with its sender's or recipient's trip.")
    sender, recipient = message.sender.registration, message.recipient.registration
    with addresses_of(recipient.event):  # the link opens the page of the edition they travel to
        page_url = site_url(reverse("footprint:journeys")) + f"#traveller-{message.sender_id}"
    context = {
        "event": recipient.event,
        "recipient_first_name": recipient.first_name,
        "sender_first_name": sender.first_name,
        "sender_organisation": sender.organisation,
        # Plain text as typed; the HTML part escapes it. No private-use marker may pass.
        "body": plain(message.body),
        "page_url": page_url,
    }
    template = f"footprint/email/{JOURNEY_MESSAGE}"
    subject = " ".join(render_text(f"{template}_subject.txt", context).split())
    text = render_text(f"{template}.txt", context).strip() + "\n"
    return Rendered(subject, text)
