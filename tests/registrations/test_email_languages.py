"""The e-mails' content in the recipient's language: a workshop's title, the event's tagline,
an announcement and the agenda attached, in English where it exists, otherwise in French,
marked `lang="fr"` in the HTML part (WCAG 2.1, 3.1.2)."""

import html5lib
import pytest
from icalendar import Calendar

from backoffice.announcements import send_announcement
from backoffice.models import Announcement
from events.models import Session
from mail.models import OutgoingEmail
from mail.rendering import build_message
from registrations import emails, invitations
from registrations.models import Invitee
from tests.factories import InviteeFactory, RegistrationFactory, RoomFactory, SessionFactory, UserFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(event):
    return SessionFactory(
        event=event,
        room=RoomFactory(event=event, name_fr="Salle Seine", name_en="Seine Room"),
        kind=Session.Kind.WORKSHOP,
        title_fr="Réparer son ordinateur",
        title_en="Repairing your computer",
        start=at("11:00"),
        end=at("12:00"),
    )


def without_english(obj, *fields):
    for field in fields:
        setattr(obj, f"{field}_en", None if field == "name" else "")
    obj.save()


def message_to(language, kind, workshop):
    registration = RegistrationFactory(event=workshop.event, user=UserFactory(language=language))
    registration.bookings.create(session=workshop, status="booked")
    return build_message(emails.queue_registration_email(registration, kind, session=workshop))


def parts(message):
    """The text part, and the HTML part parsed."""
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return message.body, html5lib.parse(html, namespaceHTMLElements=False)


def french_passages(document) -> list[str]:
    """The texts of the body's elements marked as French."""
    return ["".join(element.itertext()) for element in document.find("body").iter() if element.get("lang") == "fr"]


@pytest.mark.parametrize("kind", ["workshop_booked", "workshop_promoted", "workshop_waitlisted"])
def test_an_english_recipient_reads_the_workshops_english_title(workshop, kind):
    message = message_to("en", kind, workshop)
    text, document = parts(message)
    assert "Repairing your computer" in message.subject
    assert "“Repairing your computer”" in text and "Réparer" not in text
    assert document.get("lang") == "en"
    assert french_passages(document) == []


def test_a_missing_english_title_is_the_french_one_marked_as_french(workshop):
    without_english(workshop, "title")
    without_english(workshop.room, "name")
    message = message_to("en", "workshop_booked", workshop)
    text, document = parts(message)
    assert message.subject == "Workshop booked: Réparer son ordinateur"
    assert "Your place in the workshop “Réparer son ordinateur” is booked: 11:00–12:00, Salle Seine." in text
    assert "lang" not in text
    assert french_passages(document) == ["Réparer son ordinateur", "Salle Seine"]
    paragraph = next(p for p in document.iter("p") if "Your place" in "".join(p.itertext()))
    assert "".join(paragraph.itertext()).startswith("Your place in the workshop “Réparer son ordinateur”")


def test_a_french_recipient_reads_french_with_nothing_marked(workshop):
    message = message_to("fr", "workshop_booked", workshop)
    text, document = parts(message)
    assert message.subject == "Atelier réservé : Réparer son ordinateur"
    assert "Réparer son ordinateur" in text and "Salle Seine" in text
    assert document.get("lang") == "fr"
    assert french_passages(document) == []


def test_the_agenda_attached_is_in_the_recipients_language(workshop):
    def agenda_of(message):
        calendar = next(content for name, content, _ in message.attachments if name.endswith(".ics"))
        return [str(entry["summary"]) for entry in Calendar.from_ical(calendar).walk("VEVENT")]

    assert "Repairing your computer" in agenda_of(message_to("en", "confirmed", workshop))
    assert "Réparer son ordinateur" in agenda_of(message_to("fr", "confirmed", workshop))

    # Written in English, sent after the person switched to French: text and agenda agree.
    registration = RegistrationFactory(event=workshop.event, user=UserFactory(language="en"))
    registration.bookings.create(session=workshop, status="booked")
    email = emails.queue_registration_email(registration, "confirmed")
    registration.user.language = "fr"
    registration.user.save()
    message = build_message(email)
    assert message.body.startswith("Hello")
    assert "Repairing your computer" in agenda_of(message)


def invitation_to(event, language):
    invitee = InviteeFactory(event=event, language=language)
    invitations.send_invitations(Invitee.objects.filter(pk=invitee.pk))
    return parts(build_message(OutgoingEmail.objects.about(invitee).get()))


def test_the_invitation_carries_the_events_tagline_in_the_recipients_language(event):
    event.tagline_fr, event.tagline_en = "Une journée pour le climat", "A day for the climate"
    event.save()
    text, document = invitation_to(event, "en")
    assert "A day for the climate" in text
    assert french_passages(document) == []
    text, document = invitation_to(event, "fr")
    assert "Une journée pour le climat" in text
    assert french_passages(document) == []

    without_english(event, "tagline")
    text, document = invitation_to(event, "en")
    assert "Une journée pour le climat" in text
    assert french_passages(document) == ["Une journée pour le climat"]


def test_an_announcement_is_in_each_recipients_language_and_a_missing_english_body_is_marked(event):
    RegistrationFactory(event=event, user=UserFactory(language="fr", email="fr@example.org"))
    RegistrationFactory(event=event, user=UserFactory(language="en", email="en@example.org"))
    announcement = Announcement.objects.create(
        event=event,
        subject_fr="Le plan",
        body_fr="Bonjour,\n\nLe plan : https://example.org/plan\n\nÀ bientôt",
        subject_en="The map",
        body_en="Hello,\n\nThe map: https://example.org/map",
    )
    send_announcement(announcement)
    sent = OutgoingEmail.objects.about(announcement)
    messages = {email.recipient: build_message(email) for email in sent}
    assert (messages["en@example.org"].subject, messages["fr@example.org"].subject) == ("The map", "Le plan")
    text, document = parts(messages["en@example.org"])
    assert text.startswith("Hello,\n\nThe map: https://example.org/map\n")
    assert french_passages(document) == []

    without_english(announcement, "body")  # written before both languages were required
    text, document = parts(build_message(sent.get(recipient="en@example.org")))
    assert text.startswith("Bonjour,\n\nLe plan : https://example.org/plan\n\nÀ bientôt\n")
    assert french_passages(document) == ["Bonjour,", "Le plan : https://example.org/plan", "À bientôt"]
    assert next(a.get("href") for a in document.iter("a")) == "https://example.org/plan"
