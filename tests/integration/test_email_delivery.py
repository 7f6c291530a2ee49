"""E-mail delivery in the production shape: the site queues on Redis, a real Celery worker
process sends to a real SMTP server on loopback. The happy path uses the machine's Redis;
the fault tests use a private redis-server on a free port, never the shared one. Runs in
the PostgreSQL pass."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone
from icalendar import Calendar

from mail import outbox
from mail.models import OutgoingEmail
from mail.tasks import task_send_email
from registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory, at, event_with_opening
from tests.forms import REGISTRATION_FORM

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FORM = REGISTRATION_FORM


@pytest.fixture
def event(db):
    return event_with_opening(capacity=350, closing=True)


def logged_in(client, email="aurore@example.org"):
    user = UserFactory(email=email, verified=True)
    client.force_login(user)
    return user


def settle(smtp, expected: int, quiet: float = 1.5):
    """Wait for `expected` messages, then a little longer to catch any duplicate."""
    smtp.wait_for(expected)
    time.sleep(quiet)
    return smtp.messages


def test_registering_delivers_one_confirmation_with_the_agenda(client, event, worker_on_shared_redis, smtp):
    logged_in(client)
    response = client.post("/en/register/", FORM)
    assert response.status_code == 302

    messages = settle(smtp, 1)
    assert len(messages) == 1
    message = messages[0]
    assert (message["To"], message["Subject"]) == ("aurore@example.org", "Your seat at Tech For Climate is confirmed")
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(attachment.get_content())
    assert [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in calendar.walk("VEVENT")] == [
        ("Ouverture", at("09:00").isoformat()),
        ("Clôture", at("17:00").isoformat()),
    ]
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, message["X-TFC-Email-Id"]) == ("sent", 1, str(email.pk))


def test_temporary_smtp_refusals_are_retried_until_delivered_once(client, event, worker_on_private_redis, smtp):
    smtp.refuse_next(2)
    logged_in(client)
    client.post("/en/register/", FORM)

    messages = settle(smtp, 1, quiet=2)
    assert len(messages) == 1
    assert smtp.handler.refused == 2
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.last_error) == ("sent", 3, "451 4.3.0 Try again later")


def test_permanent_smtp_refusal_is_marked_failed(client, event, worker_on_private_redis, smtp):
    smtp.refuse_next(1, "550 5.1.1 mailbox unavailable")
    logged_in(client)
    client.post("/en/register/", FORM)
    deadline = time.monotonic() + 20
    while OutgoingEmail.objects.get().status == "pending" and time.monotonic() < deadline:
        time.sleep(0.1)
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.last_error) == ("failed", 1, "550 5.1.1 mailbox unavailable")
    assert smtp.messages == []


def test_the_same_task_delivered_twice_at_once_sends_one_email(event, worker_on_private_redis, smtp):
    registration = RegistrationFactory(event=event)
    email = OutgoingEmail.objects.create(
        recipient=registration.user.email, language="en", kind="confirmed", about=registration
    )
    # Two copies of the task at the same moment, as a redelivery after a lost ack would give.
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: task_send_email.delay(email_id=email.pk), range(2)))
    task_send_email.delay(email_id=email.pk)

    assert len(settle(smtp, 1, quiet=2)) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


def test_registration_survives_redis_being_down_and_the_email_follows_once(
    client, event, worker_on_private_redis, private_redis, smtp
):
    logged_in(client)
    private_redis.stop()

    started = time.monotonic()
    response = client.post("/en/register/", FORM)
    elapsed = time.monotonic() - started
    print(f"registration answered in {elapsed:.2f} s with Redis down")

    assert response.status_code == 302
    assert Registration.objects.get().status == "confirmed"
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == ("pending", 0)

    private_redis.start()  # the worker reconnects by itself
    # What Celery beat does every minute: ask again for e-mails left pending.
    assert outbox.requeue_due_emails(now=timezone.now() + outbox.STALE_AFTER) == 1
    assert len(settle(smtp, 1)) == 1
    assert outbox.requeue_due_emails(now=timezone.now() + outbox.STALE_AFTER) == 0
    assert len(settle(smtp, 1, quiet=1)) == 1


def test_a_worker_killed_while_sending_leaves_the_email_to_another_one_sent_once(event, private_redis, smtp, queue):
    from tests.integration.conftest import Worker, point_celery_at

    registration = RegistrationFactory(event=event)
    email = OutgoingEmail.objects.create(
        recipient=registration.user.email, language="en", kind="confirmed", about=registration
    )
    point_celery_at(private_redis.url, queue)
    smtp.handler.delays.append(4)  # the first attempt hangs at the mail server…
    first = Worker(broker_url=private_redis.url, queue=queue, smtp=smtp, CELERY_VISIBILITY_TIMEOUT="3").start()
    try:
        task_send_email.delay(email_id=email.pk)
        deadline = time.monotonic() + 20
        while not any("Received task" in line for line in first.output) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        first.kill()  # …and its worker dies mid-send
        second = Worker(broker_url=private_redis.url, queue=queue, smtp=smtp, CELERY_VISIBILITY_TIMEOUT="3").start()
        try:
            messages = settle(smtp, 1, quiet=3)
        finally:
            second.stop()
    finally:
        point_celery_at(None)
    assert len(messages) == 1
    assert smtp.handler.delays == []  # the first worker did reach the mail server before dying
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


def emails_for(event, count: int) -> list[OutgoingEmail]:
    registrations = RegistrationFactory.create_batch(count, event=event)
    return OutgoingEmail.objects.bulk_create(
        OutgoingEmail(recipient=r.user.email, language="en", kind="confirmed", about=r) for r in registrations
    )


def test_a_worker_process_sends_its_messages_on_one_connection(event, worker_on_shared_redis, smtp):
    emails = emails_for(event, 12)
    outbox.enqueue([email.pk for email in emails])

    messages = settle(smtp, len(emails))
    assert sorted(m["X-TFC-Email-Id"] for m in messages) == sorted(str(e.pk) for e in emails)
    assert 1 <= smtp.connections <= 2  # prefork × 2: one connection per worker process at most


def test_a_server_that_drops_its_connections_mid_run_gets_every_message_once(event, worker_on_private_redis, smtp):
    first, second = emails_for(event, 4), emails_for(event, 4)
    outbox.enqueue([email.pk for email in first])
    settle(smtp, len(first), quiet=0.5)
    connections = smtp.connections
    smtp.drop_connections()  # as a mail server restarting would

    outbox.enqueue([email.pk for email in second])
    messages = settle(smtp, len(first) + len(second))
    assert sorted(m["X-TFC-Email-Id"] for m in messages) == sorted(str(e.pk) for e in first + second)
    assert connections < smtp.connections <= connections + 2  # a new one per worker process
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_group_with_a_refused_message_sends_the_others_once_and_retries_it_alone(event, worker_on_shared_redis, smtp):
    emails = emails_for(event, 5)
    smtp.refuse_next(1)  # "try again later" to the group's first message
    outbox.enqueue([email.pk for email in emails])  # one task for the five

    messages = settle(smtp, len(emails), quiet=2)
    assert sorted(m["X-TFC-Email-Id"] for m in messages) == sorted(str(e.pk) for e in emails)
    assert smtp.handler.refused == 1
    assert sorted(OutgoingEmail.objects.values_list("status", "attempts")) == [("sent", 1)] * 4 + [("sent", 2)]
