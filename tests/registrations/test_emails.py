"""E-mails: recorded with the change that calls for them, delivered once to a real SMTP
server on loopback, retried on temporary failures, marked failed on permanent ones."""

import datetime as dt
import smtplib

import pytest
from django.core.management import call_command
from icalendar import Calendar

from events.models import Session
from registrations import outbox
from registrations.announcements import send_announcement
from registrations.models import Announcement, OutgoingEmail, Registration
from registrations.reminders import send_event_reminders
from registrations.services import book_workshop, cancel_registration, register_attendee
from tests.factories import EventFactory, RegistrationFactory, RoomFactory, SessionFactory, UserFactory, at
from tests.registrations.conftest import OPEN, details

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def event(db):
    event = EventFactory(capacity=1)
    hall = RoomFactory(event=event, name="Grand Auditorium", capacity=350)
    SessionFactory(
        event=event,
        room=hall,
        kind=Session.Kind.PLENARY,
        title="Ouverture",
        slug="ouverture",
        start=at("09:00"),
        end=at("10:00"),
    )
    SessionFactory(
        event=event,
        room=None,
        theme=None,
        kind=Session.Kind.LUNCH,
        title="Déjeuner",
        slug="dejeuner",
        start=at("12:30"),
        end=at("14:00"),
    )
    return event


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
    outbox.deliver_email(OutgoingEmail.objects.get(kind="confirmed").pk)

    message = smtp_server.messages[-1]
    assert message["To"] == "camille@example.org"
    assert message["Subject"] == "Your seat at Tech For Climate is confirmed"
    assert message.get_body(("plain",)).get_content().startswith("Hello Camille,")
    assert "http://127.0.0.1:8000/en/my-registration/badge.pdf" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "<p>Hello Camille,</p>" in html
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(attachment.get_content())
    agenda = [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in calendar.walk("VEVENT")]
    assert agenda == [
        ("Ouverture", "2027-06-08T09:00:00+02:00"),
        ("Réparer", "2027-06-08T11:00:00+02:00"),
        ("Déjeuner", "2027-06-08T12:30:00+02:00"),
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


def test_delivering_the_same_email_twice_sends_it_once(event, smtp_server):
    register(event)
    email = OutgoingEmail.objects.get()
    assert outbox.deliver_email(email.pk).outcome == "done already"
    assert len(smtp_server.messages) == 1


def test_temporary_refusals_are_retried_with_growing_delays(event, smtp_server):
    smtp_server.refuse_next(3)
    register(event)
    email = OutgoingEmail.objects.get()
    delays = [outbox.deliver_email(email.pk).retry_in for _ in range(2)]
    assert delays == [outbox.retry_delay(2), outbox.retry_delay(3)]
    assert outbox.retry_delay(2) < outbox.retry_delay(3) <= outbox.RETRY_CAP_SECONDS
    assert outbox.deliver_email(email.pk).outcome == "sent"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 4, "451 4.3.0 Try again later")
    assert len(smtp_server.messages) == 1


def test_permanent_refusal_is_marked_failed_with_the_servers_words(event, smtp_server):
    smtp_server.refuse_next(1, "550 5.1.1 <camille@example.org>: mailbox unavailable")
    register(event)
    email = OutgoingEmail.objects.get()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.last_error == "550 5.1.1 <camille@example.org>: mailbox unavailable"
    assert outbox.deliver_email(email.pk).outcome == "done already"
    assert smtp_server.messages == []


def test_a_mail_server_that_does_not_answer_is_a_temporary_failure(event, settings):
    from tests.mailserver import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    register(event)
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.next_attempt_at is not None
    assert "ConnectionRefusedError" in email.last_error


def test_an_email_that_cannot_be_built_fails_at_once_without_calling_the_mail_server(event, smtp_server, settings):
    """A template error is ours: retrying it eight times would only delay the failure."""
    broken = "{% load i18n %}{% url 'no-such-page' %}"
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"registrations/email/confirmed.txt": broken}),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    register(event)
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.next_attempt_at) == ("failed", 1, None)
    assert email.last_error.startswith("Could not build the message: NoReverseMatch")
    assert smtp_server.messages == []
    assert outbox.deliver_email(email.pk).outcome == "done already"


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPResponseException(421, b"4.3.2 Service shutting down"), True),
        (smtplib.SMTPResponseException(554, b"5.7.1 rejected"), False),
        (smtplib.SMTPNotSupportedError("STARTTLS extension not supported by server."), False),
        (UnicodeEncodeError("ascii", "é", 0, 1, "ordinal not in range"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_only_errors_that_can_pass_are_retried(error, temporary):
    assert outbox.is_temporary(error) is temporary


def test_after_the_last_attempt_the_email_is_failed(event, smtp_server):
    smtp_server.refuse_next(outbox.MAX_ATTEMPTS)
    register(event)
    email = OutgoingEmail.objects.get()
    while outbox.deliver_email(email.pk).outcome == "retry":
        pass
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", outbox.MAX_ATTEMPTS)


def test_send_again_retries_a_failed_email_and_copies_a_sent_one(event, smtp_server):
    smtp_server.refuse_next(1, "554 5.7.1 rejected")
    register(event)
    failed = OutgoingEmail.objects.get()
    assert failed.status == "failed"
    outbox.send_again(OutgoingEmail.objects.filter(pk=failed.pk))
    failed.refresh_from_db()
    assert failed.status == "sent"

    outbox.send_again(OutgoingEmail.objects.filter(pk=failed.pk))
    assert OutgoingEmail.objects.filter(kind="confirmed", status="sent").count() == 2
    assert len(smtp_server.messages) == 2


def test_sweep_asks_again_only_for_stale_pending_emails(event, settings):
    from tests.mailserver import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    register(event)
    email = OutgoingEmail.objects.get()
    assert outbox.requeue_due_emails(now=email.next_attempt_at) == 0
    assert outbox.requeue_due_emails(now=email.next_attempt_at + outbox.STALE_AFTER) == 1


def test_account_emails_are_recorded_and_their_secrets_erased_once_sent(client, smtp_server):
    UserFactory(email="code@example.org", verified=True)
    client.post("/en/accounts/login/code/", {"email": "code@example.org"})
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.status, email.body_text, email.body_html) == ("account:login_code", "sent", "", "")
    assert "Your sign-in code" in smtp_server.messages[0].get_body(("plain",)).get_content()


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
    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    client.login(email="orga@example.org", password="correct horse battery")
    RegistrationFactory(event=event)
    announcement = Announcement.objects.create(
        event=event, subject_fr="Bienvenue", body_fr="Bonjour", subject_en="Welcome", body_en="Hello"
    )
    form = {"action": "send_to_confirmed_attendees", "_selected_action": [announcement.pk]}
    confirm = client.post("/en/admin/registrations/announcement/", form)
    assert confirm.status_code == 200
    assert "Send these announcements?" in confirm.content.decode()
    assert smtp_server.messages == []
    client.post("/en/admin/registrations/announcement/", form | {"confirmed": "yes"})
    assert [m["Subject"] for m in smtp_server.messages] == ["Welcome"]
