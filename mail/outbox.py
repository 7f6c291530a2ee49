"""E-mails that are sent exactly once and survive a broker or mail server outage.

Every e-mail is first a row (`OutgoingEmail`) written in the transaction of the change that
calls for it: if that transaction rolls back there is no e-mail, if it commits the e-mail
exists even when Redis is down. A worker is asked to send it once the transaction commits;
a periodic sweep asks again for rows left pending too long. Sending locks the row, so two
copies of the same task never both send: the second finds it sent.
"""

import datetime as dt
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from itertools import batched

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from mail import connection
from mail.models import OutgoingEmail

logger = logging.getLogger(__name__)

# Growing delays between attempts, capped well below Redis' visibility timeout (a task held
# longer than that by a worker would be handed to another one).
RETRY_BASE_SECONDS = settings.EMAIL_RETRY_BASE_SECONDS
RETRY_CAP_SECONDS = 15 * 60
MAX_ATTEMPTS = 8
# A pending e-mail nobody has tried for this long is asked for again by the sweep.
STALE_AFTER = dt.timedelta(minutes=2)
# E-mails asked for together (an announcement, the sweep) go to the workers in groups of
# this many: one task reads them and what they share once, and sends them one by one.
# Small enough that both processes of a worker get a share, and a group is sent in a second.
BATCH_SIZE = 20


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    DONE_ALREADY = "done already"
    MISSING = "missing"
    ELSEWHERE = "being sent elsewhere"


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    retry_in: int | None = None


def queue_email(
    *,
    recipient: str,
    kind: str,
    language: str = "fr",
    about: models.Model | None = None,
    context: dict | None = None,
    dedupe_key: str | None = None,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
) -> OutgoingEmail | None:
    """Write an e-mail in the current transaction and ask a worker to send it after commit.

    `about` is what the e-mail is about (the renderer of its kind reads it at send time);
    `context`, anything else it needs, as JSON. With a `dedupe_key` already used, nothing is
    written and None is returned: that person has (or will have) that e-mail already."""
    if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    email = OutgoingEmail.objects.create(
        recipient=recipient,
        kind=kind,
        language=language,
        about=about,
        context=context or {},
        dedupe_key=dedupe_key,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
    )
    enqueue_on_commit([email.pk])
    return email


def enqueue_on_commit(email_ids: list[int]) -> None:
    # robust: with Redis down the e-mails stay pending for the sweep, and the person who
    # registered still gets their page, not an error.
    transaction.on_commit(lambda: enqueue(email_ids), robust=True)


def enqueue(email_ids: list[int]) -> None:
    """Ask the workers to send these e-mails: one alone at once (a registration does not
    wait for others), many in groups of `BATCH_SIZE`."""
    # The one lazy import of the app: the task calls this module, this module queues the task.
    from mail.tasks import task_send_email, task_send_emails

    for group in batched(email_ids, BATCH_SIZE):
        if len(group) == 1:
            task_send_email.delay(email_id=group[0])
        else:
            task_send_emails.delay(email_ids=list(group))


def retry_delay(attempts: int) -> int:
    return min(RETRY_BASE_SECONDS * 2 ** (attempts - 1), RETRY_CAP_SECONDS)


def is_temporary(error: Exception) -> bool:
    """Only the mail server's 4xx answers, lost connections and timeouts can pass by
    themselves; a 5xx answer or anything else will fail the same way next time."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):  # e.g. no STARTTLS: it will not appear
        return False
    # Refused or reset connections, DNS failures, timeouts (all OSErrors).
    return isinstance(error, OSError)


def describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{who}: {code} {text.decode(errors='replace')}" for who, (code, text) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def deliver_email(
    email_id: int,
    *,
    build: Callable[[OutgoingEmail], EmailMessage],
    now: dt.datetime | None = None,
    read: OutgoingEmail | None = None,
) -> Delivery:
    """Send one pending e-mail, once, as the message `build` makes of it.

    Locks the row while talking to the mail server, so a duplicate task waits and then finds
    the e-mail sent. A temporary failure schedules the next attempt; a permanent one, or the
    last attempt, marks the e-mail failed with the server's answer.

    `read`: the same row read beforehand, with what it is about (`deliver_emails`): the row
    is still locked and read again, but a row another worker is sending is then skipped
    rather than waited for (that worker sends it, or schedules its retry)."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = OutgoingEmail.objects.select_for_update(skip_locked=read is not None)
        email = rows.filter(pk=email_id).first()
        if email is None:
            return Delivery(Outcome.MISSING if read is None else Outcome.ELSEWHERE)
        if email.status != OutgoingEmail.Status.PENDING:
            return Delivery(Outcome.DONE_ALREADY)
        if read is not None and read.about is not None and read.content_type_id == email.content_type_id:
            email.about = read.about  # read with the group's other objects
        return _deliver_locked(email, build=build, now=now)


def deliver_emails(
    email_ids: list[int], *, build: Callable[[OutgoingEmail], EmailMessage], now: dt.datetime | None = None
) -> dict[int, Delivery]:
    """Send a group of e-mails, each as `deliver_email` does (locked, sent, marked sent, and
    committed before the next: a failure of one leaves the others as they are), after reading
    the pending ones and what they are about in a few queries for the whole group."""
    read = {
        email.pk: email for email in OutgoingEmail.objects.pending().filter(pk__in=email_ids).prefetch_related("about")
    }
    deliveries = {}
    for email_id in email_ids:
        if email_id not in read:  # sent, failed or deleted since it was asked for
            deliveries[email_id] = Delivery(Outcome.DONE_ALREADY)
            continue
        deliveries[email_id] = deliver_email(email_id, build=build, now=now, read=read[email_id])
    return deliveries


def _deliver_locked(email: OutgoingEmail, *, build: Callable[[OutgoingEmail], EmailMessage], now: dt.datetime):
    email.attempts += 1
    try:
        # Built before the mail server is called: an error here is ours (a template,
        # a missing object) and would fail the same way every time.
        message = build(email)
    except Exception as error:
        logger.exception("E-mail %s (%s) could not be built", email.pk, email.kind)
        email.last_error = f"Could not build the message: {describe(error)}"
        email.status, email.next_attempt_at = OutgoingEmail.Status.FAILED, None
        email.save()
        return Delivery(Outcome.FAILED)
    try:
        connection.send(message)
    except Exception as error:
        logger.warning("E-mail %s (%s) attempt %s failed: %s", email.pk, email.kind, email.attempts, error)
        email.last_error = describe(error)
        if is_temporary(error) and email.attempts < MAX_ATTEMPTS:
            delay = retry_delay(email.attempts)
            email.next_attempt_at = now + dt.timedelta(seconds=delay)
            email.save()
            return Delivery(Outcome.RETRY, retry_in=delay)
        email.status, email.next_attempt_at = OutgoingEmail.Status.FAILED, None
        email.save()
        return Delivery(Outcome.FAILED)
    email.status, email.sent_at, email.next_attempt_at = OutgoingEmail.Status.SENT, now, None
    # Recorded in the same save: the event's footprint counts e-mails by their weight.
    email.size_bytes, email.attachment_bytes = measure(message)
    sent = ["status", "sent_at", "next_attempt_at", "attempts", "size_bytes", "attachment_bytes"]
    if email.subject:
        # A rendered message may carry a login code or a reset link: keep no copy.
        email.body_text = email.body_html = ""
        sent += ["body_text", "body_html"]
    email.save(update_fields=sent)  # what sending changed, no more (the row is locked)
    return Delivery(Outcome.SENT)


def measure(message: EmailMessage) -> tuple[int, int]:
    """The whole MIME message's size in bytes, and the part of it that its attachments and
    inline images take (as sent, encoded), so that the message without them is the difference.
    A message of `build_message` is measured as the backend built it, not built again."""
    mime = getattr(message, "built", None) or message.message()
    attached = sum(
        len(part.as_bytes())
        for part in mime.walk()
        if not part.is_multipart() and part.get_content_disposition() in {"attachment", "inline"}
    )
    return len(mime.as_bytes()), attached


def requeue_due_emails(*, now: dt.datetime | None = None) -> int:
    """Ask the workers again for every pending e-mail whose turn has passed: those whose
    task was lost (Redis down at commit, a worker gone) and those whose retry is late."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.pending().filter(
        Q(next_attempt_at__isnull=True, created_at__lte=now - STALE_AFTER) | Q(next_attempt_at__lte=now - STALE_AFTER)
    )
    email_ids = list(due.values_list("pk", flat=True)[:5000])
    enqueue(email_ids)
    return len(email_ids)


@transaction.atomic
def send_again(emails) -> list[OutgoingEmail]:
    """Organisers' "send again": a failed e-mail is tried afresh; a sent one is sent once
    more as a new e-mail (a deliberate second copy, recorded as such)."""
    again = []
    for email in emails:
        if email.status == OutgoingEmail.Status.FAILED:
            email.status, email.attempts, email.next_attempt_at = OutgoingEmail.Status.PENDING, 0, None
            email.save()
            again.append(email)
        elif email.status == OutgoingEmail.Status.SENT and not email.subject:
            copy = OutgoingEmail.objects.create(
                recipient=email.recipient,
                kind=email.kind,
                language=email.language,
                content_type_id=email.content_type_id,
                object_id=email.object_id,
                context=email.context,
            )
            again.append(copy)
    enqueue_on_commit([email.pk for email in again])
    return again
