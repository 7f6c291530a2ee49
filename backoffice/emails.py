"""The announcements' e-mail: one per recipient, what it says read when it is sent, in the
recipient's language (`render_announcement`, registered for its kind in
`BackofficeConfig.ready()`), from the context of the attendees' e-mails."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.models import Announcement
from events.editions import addresses_of
from mail.fallbacks import render_text
from mail.models import OutgoingEmail
from mail.rendering import Rendered
from registrations.emails import email_context
from registrations.models import Registration


class EmailKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")


def announcement_email(announcement: Announcement, registration: Registration, *, dedupe_key: str) -> OutgoingEmail:
    """The (unsaved) e-mail carrying `announcement` to one attendee."""
    return OutgoingEmail(
        recipient=registration.user.email,
        language=registration.user.language,
        kind=EmailKind.ANNOUNCEMENT,
        about=announcement,
        context={"registration_id": registration.pk},
        dedupe_key=dedupe_key,
    )


def emails_of(registration: Registration):
    """Every e-mail sent about a registration: its own, and the announcements it received."""
    return OutgoingEmail.objects.filter(
        Q(registration=registration) | Q(kind=EmailKind.ANNOUNCEMENT, context__registration_id=registration.pk)
    )


def render_announcement(email: OutgoingEmail) -> Rendered:
    """The announcement's own subject, and its body in the recipient's language above the
    footer of every attendee's e-mail."""
    announcement = email.about
    with addresses_of(announcement.event):  # its links name its edition
        context = email_context(email) | {"announcement": announcement}
        text = render_text("backoffice/email/announcement.txt", context).strip() + "\n"
    return Rendered(announcement.subject_in(email.language), text)
