"""The e-mails of registrations: recorded with the change that calls for them, what each
says in the person's language, delivered once to a real SMTP server on loopback (the
outbox's own rules are in tests/mail/test_outbox.py)."""

import datetime as dt

import pytest
from django.core.management import call_command
from icalendar import Calendar

from backoffice.announcements import send_announcement
from backoffice.models import Announcement
from events.models import Session
from mail import outbox
from mail.models import OutgoingEmail
from mail.rendering import build_message, sharing
from registrations.calendars import agenda_ics
from registrations.emails import agenda_file
from registrations.models import Registration
from registrations.reminders import send_event_reminders
from registrations.services import cancel_registration, register_attendee
from registrations.workshops import book_workshop
from tests.edition import OPEN
from tests.factories import (
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
    at,
    event_with_opening,
)
from tests.registering import details

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def event(db):
    return event_with_opening(capacity=1, lunch=True)


def register(event, **user_fields):
    return register_attendee(event, user=UserFactory(**user_fields), details=details(), now=OPEN)


def test_confirmation_is_text_and_html_with_the_agenda_as_a_calendar_file(event, smtp_server):
    workshop = SessionFactory(
        event=event,
        room=RoomFactory(event=event),
        kind=Session.Kind.WORKSHOP,
        title="Réparer",
        start=at("11:00"),
        end=at("12:00"),
    )
    registration = register(event, email="camille@example.org")
    book_workshop(registration, workshop, now=OPEN)
    OutgoingEmail.objects.filter(kind="confirmed").update(status="pending")  # send it again, with the workshop
    outbox.deliver_email(OutgoingEmail.objects.get(kind="confirmed").pk, build=build_message)

    message = smtp_server.messages[-1]
    assert message["To"] == "camille@example.org"
    assert message["Subject"] == "Your seat at Tech For Climate is confirmed"
    assert message.get_body(("plain",)).get_content().startswith("Hello Camille,")
    # Its links name its edition: they stay right once the next edition is the current one.
    badge_page = f"http://127.0.0.1:8000/en/{event.edition}/my-registration/badge/"
    assert badge_page in message.get_body(("plain",)).get_content()
    [badge] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert badge.get_content_disposition() == "inline"  # its code, shown in the HTML
    html = message.get_body(("html",)).get_content()
    assert "<p>Hello Camille,</p>" in html
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(attachment.get_content())
    agenda = [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in calendar.walk("VEVENT")]
    assert agenda == [
        ("Ouverture", at("09:00").isoformat()),
        ("Réparer", at("11:00").isoformat()),
        ("Déjeuner", at("12:30").isoformat()),
    ]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"


def test_every_registration_event_is_recorded_and_sent_once(event, smtp_server):
    first = register(event)
    waiting = register(event)
    cancel_registration(first)

    emails = list(OutgoingEmail.objects.order_by("pk").values_list("recipient", "kind", "status", "attempts"))
    assert emails == [
        (first.user.email, "confirmed", "sent", 1),
        (waiting.user.email, "waitlisted", "sent", 1),
        (first.user.email, "cancelled", "sent", 1),
        (waiting.user.email, "promoted", "sent", 1),
    ]
    assert [m["Subject"] for m in smtp_server.messages] == [
        "Your seat at Tech For Climate is confirmed",
        "You are on the waiting list for Tech For Climate (position 1)",
        "Your registration for Tech For Climate is cancelled",
        "A seat freed up: you are confirmed for Tech For Climate",
    ]


def test_a_rolled_back_change_sends_nothing(event, smtp_server):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        register(event)
        raise RuntimeError("the request failed after registering")
    assert (Registration.objects.count(), OutgoingEmail.objects.count(), smtp_server.messages) == (0, 0, [])


def test_reminders_go_two_days_before_and_once(event, smtp_server):
    confirmed = register(event)
    register(event)  # waiting list: no reminder
    assert send_event_reminders(today=event.date - dt.timedelta(days=3)) == 0
    assert send_event_reminders(today=event.date - dt.timedelta(days=2)) == 1
    assert send_event_reminders(today=event.date - dt.timedelta(days=1)) == 0
    reminder = smtp_server.messages[-1]
    assert (reminder["To"], reminder["Subject"]) == (confirmed.user.email, "Tech For Climate is the day after tomorrow")


def test_announcement_reaches_each_confirmed_attendee_once_in_their_language(event, smtp_server):
    event.capacity = 10
    event.save()
    RegistrationFactory(event=event, user=UserFactory(language="fr", email="fr@example.org"))
    RegistrationFactory(event=event, user=UserFactory(language="en", email="en@example.org"))
    RegistrationFactory(event=event, status="cancelled", confirmed_at=None)
    announcement = Announcement.objects.create(
        event=event,
        subject_fr="Plan d'accès",
        body_fr="Métro George V.",
        subject_en="Getting there",
        body_en="Metro George V.",
    )
    assert send_announcement(announcement) == 2
    assert send_announcement(announcement) == 0
    received = sorted(
        (m["To"], m["Subject"], m.get_body(("plain",)).get_content().splitlines()[0]) for m in smtp_server.messages
    )
    assert received == [
        ("en@example.org", "Getting there", "Metro George V."),
        ("fr@example.org", "Plan d'accès", "Métro George V."),
    ]


def test_organiser_sends_an_announcement_after_a_confirmation_page(client, event, smtp_server, organisers_group):
    from tests.second_factor import add_authenticator_app_to

    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    add_authenticator_app_to("orga@example.org")  # staff need a second factor before the back office opens
    client.login(email="orga@example.org", password="correct horse battery")
    RegistrationFactory(event=event)
    announcement = Announcement.objects.create(
        event=event, subject_fr="Bienvenue", body_fr="Bonjour", subject_en="Welcome", body_en="Hello"
    )
    form = {"action": "send_to_confirmed_attendees", "_selected_action": [announcement.pk]}
    confirm = client.post("/en/admin/backoffice/announcement/", form)
    assert confirm.status_code == 200
    assert "Send these announcements?" in confirm.content.decode()
    assert smtp_server.messages == []
    client.post("/en/admin/backoffice/announcement/", form | {"confirmed": "yes"})
    assert [m["Subject"] for m in smtp_server.messages] == ["Welcome"]


def test_a_group_of_emails_carries_each_persons_own_calendar_file(event):
    """Sent together, those without a workshop share one calendar written once: each file is
    still byte for byte the one `agenda_ics` writes for that person (their own DTSTAMP)."""
    event.capacity = 10
    event.save()
    workshop = SessionFactory(event=event, room=RoomFactory(event=event), kind=Session.Kind.WORKSHOP, title="Réparer")
    people = [register(event) for _ in range(3)]
    book_workshop(people[2], workshop, now=OPEN)
    Registration.objects.filter(pk=people[1].pk).update(updated_at=people[1].updated_at + dt.timedelta(minutes=5))
    people = [Registration.objects.get(pk=person.pk) for person in people]
    with sharing():
        files = [agenda_file(person, "en") for person in people]
    assert files == [agenda_ics(person, "en") for person in people]
    assert len(set(files)) == 3
