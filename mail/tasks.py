"""Celery tasks of the outbox: thin wrappers that call one function."""

import logging

from celery import shared_task

from mail import outbox
from mail.rendering import build_message

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="emails.send", acks_late=True, ignore_result=True)
def task_send_email(self, *, email_id: int) -> str:
    delivery = outbox.deliver_email(email_id, build=build_message)
    if delivery.retry_in is not None and not self.request.is_eager:
        # The row already counts the attempt and its next date; the sweep is the safety net.
        raise self.retry(countdown=delivery.retry_in, max_retries=None)
    return delivery.outcome


@shared_task(name="emails.requeue_due", ignore_result=True)
def task_requeue_due_emails() -> int:
    count = outbox.requeue_due_emails()
    if count:
        logger.info("Asked the workers again for %s pending e-mails.", count)
    return count
