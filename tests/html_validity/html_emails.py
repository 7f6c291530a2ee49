"""The HTML part of every kind of e-mail, in each language."""

from backoffice.announcements import send_announcement
from backoffice.models import Announcement
from mail.models import OutgoingEmail
from mail.rendering import build_message
from registrations import emails, invitations
from registrations.models import Invitee
from tests.factories import InviteeFactory, RegistrationFactory, UserFactory
from tests.html_validity.documents import LANGUAGES, Documents

# Every kind of e-mail whose HTML is checked. Account e-mails (allauth's templates) and the
# speaker's invitation are text only: they have no HTML part to check.
HTML_EMAIL_KINDS = emails.REGISTRATION_KINDS | {"announcement", "invitation", "invitation_reminder", "colleague_hold"}


def collect_emails(docs: Documents, programme) -> set[str]:
    """Queue one e-mail of each kind in each language, and add the HTML part of every
    e-mail the scenarios recorded. Returns the kinds seen with an HTML part."""
    event, workshop = programme["event"], programme["workshops"]["repair"]
    for lang in LANGUAGES:
        registration = RegistrationFactory(event=event, user=UserFactory(language=lang))
        registration.bookings.create(session=workshop, status="booked")
        for kind in sorted(emails.REGISTRATION_KINDS):
            emails.queue_registration_email(registration, kind, session=workshop)
        invitee = InviteeFactory(event=event, first_name="Zoé", email=f"zoe-{lang}@client.example", language=lang)
        invitations.send_invitations(Invitee.objects.filter(pk=invitee.pk))
        invitations.send_invitation_reminders(Invitee.objects.filter(pk=invitee.pk))
    send_announcement(
        Announcement.objects.create(
            event=event,
            subject_fr="Le plan d'accès",
            body_fr="Bonjour,\n\nLe plan : https://example.org/plan.\n\nÀ bientôt",
            subject_en="The map",
            body_en="Hello,\n\nThe map: https://example.org/map.\n\nSee you soon",
        )
    )
    kinds = set()
    for email in OutgoingEmail.objects.order_by("pk"):
        message = build_message(email)
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                docs.add(f"e-mail {email.kind} ({email.language}) to {email.recipient}", content)
                kinds.add(email.kind)
    return kinds
