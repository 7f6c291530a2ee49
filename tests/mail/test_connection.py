"""The worker's kept connection to the mail server (`mail/connection.py`), in-process: one
connection for many messages, a new one when the server dropped it, went idle or changed,
and the outbox's rules (once, retried, failed) as they were with a connection a message."""

import pytest

from mail import connection
from mail.models import OutgoingEmail
from tests.mail.conftest import queue
from tests.mailserver import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept():
    """This test process behaves as a worker process: it keeps its connection."""
    connection.keep_open()
    yield
    connection.close()
    connection._keeping = False


def sent_ids(server):
    return [message["X-TFC-Email-Id"] for message in server.messages]


def test_outside_a_worker_each_message_has_its_own_connection(note_kind, smtp_server):
    for _ in range(3):
        queue()
    assert (len(smtp_server.messages), smtp_server.connections) == (3, 3)


def test_a_worker_sends_every_message_on_one_connection(note_kind, smtp_server, kept):
    emails = [queue() for _ in range(5)]
    assert sent_ids(smtp_server) == [str(email.pk) for email in emails]
    assert smtp_server.connections == 1
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_dropped_connection_is_reopened_and_the_message_sent_once(note_kind, smtp_server, kept):
    queue()
    smtp_server.drop_connections()  # the server restarts between two messages
    email = queue()
    assert sent_ids(smtp_server).count(str(email.pk)) == 1
    assert smtp_server.connections == 2
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")


def test_a_refused_message_is_retried_as_before_and_the_connection_kept(note_kind, smtp_server, kept):
    from mail import outbox
    from mail.rendering import build_message

    smtp_server.refuse_next(1)
    email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("pending", 1, "451 4.3.0 Try again later")
    assert outbox.deliver_email(email.pk, build=build_message).outcome == "sent"
    assert (sent_ids(smtp_server), smtp_server.connections) == ([str(email.pk)], 1)


def test_a_permanent_refusal_fails_the_message_only(note_kind, smtp_server, kept):
    smtp_server.refuse_next(1, "550 5.1.1 mailbox unavailable")
    refused, next_one = queue(), queue()
    refused.refresh_from_db()
    assert (refused.status, refused.last_error) == ("failed", "550 5.1.1 mailbox unavailable")
    assert (sent_ids(smtp_server), smtp_server.connections) == ([str(next_one.pk)], 1)


def test_an_idle_connection_is_given_up_for_a_new_one(note_kind, smtp_server, kept, monkeypatch):
    monkeypatch.setattr(connection, "IDLE_SECONDS", -1)
    queue()
    queue()
    assert (len(smtp_server.messages), smtp_server.connections) == (2, 2)


def use(settings, server):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }


def test_new_mail_server_settings_get_a_new_connection(note_kind, smtp_server, kept, settings):
    queue()
    with SMTPServer() as other:
        use(settings, other)
        email = queue()
        assert (sent_ids(other), other.connections) == ([str(email.pk)], 1)
    assert len(smtp_server.messages) == 1


def test_a_server_gone_for_good_is_a_temporary_failure_as_before(note_kind, kept, settings):
    with SMTPServer() as server:
        use(settings, server)
        queue()
    # The kept connection died with the server and no new one can be opened.
    email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.next_attempt_at is not None
    assert "ConnectionRefusedError" in email.last_error


def test_a_backend_other_than_smtp_is_used_as_django_does(note_kind, kept, settings, tmp_path):
    """A file backend kept open would write every message into one file."""
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "OPTIONS": {"file_path": tmp_path}}
    }
    queue()
    queue()
    assert len(list(tmp_path.iterdir())) == 2
