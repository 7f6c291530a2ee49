"""The outbox alone: an e-mail recorded in a transaction leaves once, after commit, to a
real SMTP server on loopback; temporary failures are retried with growing delays,
permanent ones and our own errors fail at once; "send again" and the sweep."""

import smtplib

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from mail import outbox
from mail.models import OutgoingEmail
from mail.rendering import build_message
from tests.factories import UserFactory
from tests.mail.conftest import BROKEN, NOTE, queue
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def deliver(email):
    return outbox.deliver_email(email.pk, build=build_message)


@pytest.fixture
def silent_mail_server(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }


def test_an_email_is_sent_after_commit_with_its_headers(note_kind, smtp_server):
    email = queue(context={"line": "See you on Tuesday."})
    message = smtp_server.messages[-1]
    assert (message["To"], message["Subject"]) == ("camille@example.org", "A note for camille@example.org")
    assert message.get_body(("plain",)).get_content().splitlines() == ["Hello,", "", "See you on Tuesday."]
    assert "<p>Hello,</p>" in message.get_body(("html",)).get_content()
    assert (message["X-TFC-Email-Id"], message["Auto-Submitted"]) == (str(email.pk), "auto-generated")
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at is not None) == ("sent", 1, True)


def test_a_rolled_back_change_sends_nothing(note_kind, smtp_server):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_email(recipient="camille@example.org", kind=note_kind)
        raise RuntimeError("the request failed after queueing")
    assert (OutgoingEmail.objects.count(), smtp_server.messages) == (0, [])


def test_an_email_is_about_any_object_and_found_from_it(note_kind, smtp_server):
    user = UserFactory()
    email = queue(about=user)
    assert email.about == user
    assert (email.content_type, email.object_id) == (ContentType.objects.get_for_model(User), user.pk)
    assert list(OutgoingEmail.objects.about(user)) == [email]
    assert list(OutgoingEmail.objects.about(UserFactory())) == []


def test_a_unique_key_used_once_writes_nothing_the_second_time(note_kind, smtp_server):
    assert queue(dedupe_key="reminder:1") is not None
    assert queue(dedupe_key="reminder:1") is None
    assert (OutgoingEmail.objects.count(), len(smtp_server.messages)) == (1, 1)


def test_delivering_the_same_email_twice_sends_it_once(note_kind, smtp_server):
    email = queue()
    assert deliver(email).outcome == "done already"
    assert len(smtp_server.messages) == 1


def test_temporary_refusals_are_retried_with_growing_delays(note_kind, smtp_server):
    smtp_server.refuse_next(3)
    email = queue()
    delays = [deliver(email).retry_in for _ in range(2)]
    assert delays == [outbox.retry_delay(2), outbox.retry_delay(3)]
    assert outbox.retry_delay(2) < outbox.retry_delay(3) <= outbox.RETRY_CAP_SECONDS
    assert deliver(email).outcome == "sent"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 4, "451 4.3.0 Try again later")
    assert len(smtp_server.messages) == 1


def test_permanent_refusal_is_marked_failed_with_the_servers_words(note_kind, smtp_server):
    smtp_server.refuse_next(1, "550 5.1.1 <camille@example.org>: mailbox unavailable")
    email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.last_error == "550 5.1.1 <camille@example.org>: mailbox unavailable"
    assert deliver(email).outcome == "done already"
    assert smtp_server.messages == []


def test_a_mail_server_that_does_not_answer_is_a_temporary_failure(note_kind, silent_mail_server):
    email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.next_attempt_at is not None
    assert "ConnectionRefusedError" in email.last_error


@pytest.mark.parametrize(
    ("kind", "error"), [(BROKEN, "NoReverseMatch"), ("no_such_kind", "LookupError")], ids=["template", "unknown kind"]
)
def test_an_email_that_cannot_be_built_fails_at_once_without_calling_the_mail_server(
    note_kind, smtp_server, kind, error
):
    """An error of ours: retrying it eight times would only delay the failure."""
    email = queue(kind=kind)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == ("failed", 1, None)
    assert email.last_error.startswith(f"Could not build the message: {error}")
    assert smtp_server.messages == []
    assert deliver(email).outcome == "done already"


def test_a_missing_email_is_reported_missing():
    assert outbox.deliver_email(123456, build=build_message).outcome == "missing"


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


def test_after_the_last_attempt_the_email_is_failed(note_kind, smtp_server):
    smtp_server.refuse_next(outbox.MAX_ATTEMPTS)
    email = queue()
    while deliver(email).outcome == "retry":
        pass
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", outbox.MAX_ATTEMPTS)


def test_send_again_retries_a_failed_email_and_copies_a_sent_one(note_kind, smtp_server):
    smtp_server.refuse_next(1, "554 5.7.1 rejected")
    user = UserFactory()
    failed = queue(about=user, context={"line": "Room 2"})
    failed.refresh_from_db()
    assert failed.status == "failed"
    outbox.send_again(OutgoingEmail.objects.filter(pk=failed.pk))
    failed.refresh_from_db()
    assert failed.status == "sent"

    outbox.send_again(OutgoingEmail.objects.filter(pk=failed.pk))
    copies = OutgoingEmail.objects.filter(kind=note_kind, status="sent")
    assert [(e.about, e.context) for e in copies] == [(user, {"line": "Room 2"})] * 2
    assert len(smtp_server.messages) == 2


def test_send_again_never_copies_a_message_that_carried_a_secret(smtp_server):
    email = queue(kind="account:login_code", subject="Your code", body_text="123456")
    assert outbox.send_again(OutgoingEmail.objects.filter(pk=email.pk)) == []
    assert len(smtp_server.messages) == 1


def test_sweep_asks_again_only_for_stale_pending_emails(note_kind, silent_mail_server):
    email = queue()
    email.refresh_from_db()
    assert outbox.requeue_due_emails(now=email.next_attempt_at) == 0
    assert outbox.requeue_due_emails(now=email.next_attempt_at + outbox.STALE_AFTER) == 1


def test_account_emails_are_recorded_and_their_secrets_erased_once_sent(client, smtp_server):
    UserFactory(email="code@example.org", verified=True)
    client.post("/en/accounts/login/code/", {"email": "code@example.org"})
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.status, email.body_text, email.body_html) == ("account:login_code", "sent", "", "")
    assert "Your sign-in code" in smtp_server.messages[0].get_body(("plain",)).get_content()


def pending(count, kind=NOTE):
    """E-mails recorded but not yet asked for (as when their task was lost)."""
    return OutgoingEmail.objects.bulk_create(
        OutgoingEmail(recipient=f"person{n}@example.org", kind=kind, context={"line": str(n)}) for n in range(count)
    )


def test_a_group_sends_each_email_once_and_leaves_a_refused_one_to_its_retry(note_kind, smtp_server):
    emails = pending(3)
    smtp_server.refuse_next(1)  # the first message of the group: "try again later"
    deliveries = outbox.deliver_emails([email.pk for email in emails], build=build_message)
    assert [deliveries[email.pk].outcome for email in emails] == ["retry", "sent", "sent"]
    assert deliveries[emails[0].pk].retry_in == outbox.retry_delay(1)

    deliveries = outbox.deliver_emails([email.pk for email in emails], build=build_message)  # its retry
    assert [deliveries[email.pk].outcome for email in emails] == ["sent", "done already", "done already"]
    assert sorted(message["X-TFC-Email-Id"] for message in smtp_server.messages) == sorted(
        str(email.pk) for email in emails
    )
    assert list(OutgoingEmail.objects.order_by("pk").values_list("status", "attempts")) == [
        ("sent", 2),
        ("sent", 1),
        ("sent", 1),
    ]


def test_a_group_sends_nothing_sent_failed_or_deleted_since(note_kind, smtp_server):
    sent, failed, deleted, left = pending(4)
    OutgoingEmail.objects.filter(pk=sent.pk).update(status="sent")
    OutgoingEmail.objects.filter(pk=failed.pk).update(status="failed")
    OutgoingEmail.objects.filter(pk=deleted.pk).delete()
    deliveries = outbox.deliver_emails([sent.pk, failed.pk, deleted.pk, left.pk], build=build_message)
    assert {pk: d.outcome for pk, d in deliveries.items()} == {
        sent.pk: "done already",
        failed.pk: "done already",
        deleted.pk: "done already",
        left.pk: "sent",
    }
    assert [message["X-TFC-Email-Id"] for message in smtp_server.messages] == [str(left.pk)]


def test_a_group_with_an_email_that_cannot_be_built_sends_the_others(note_kind, smtp_server):
    good, broken, other = pending(1)[0], pending(1, kind=BROKEN)[0], pending(1)[0]
    deliveries = outbox.deliver_emails([good.pk, broken.pk, other.pk], build=build_message)
    assert [deliveries[email.pk].outcome for email in (good, broken, other)] == ["sent", "failed", "sent"]
    assert len(smtp_server.messages) == 2


def test_many_emails_asked_for_together_leave_in_groups_each_once(note_kind, smtp_server):
    emails = pending(2 * outbox.BATCH_SIZE + 1)  # two groups and one alone (eager Celery here)
    outbox.enqueue([email.pk for email in emails])
    assert sorted(int(message["X-TFC-Email-Id"]) for message in smtp_server.messages) == [e.pk for e in emails]
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}
