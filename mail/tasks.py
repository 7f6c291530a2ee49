"""Celery tasks of the outbox: thin wrappers that call one function."""

import logging

from celery import shared_task, signals

from mail import connection, outbox, rendering
from mail.rendering import build_message

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="emails.send", acks_late=True, ignore_result=True)
def task_send_email(self, *, email_id: int) -> str:
    delivery = outbox.deliver_email(email_id, build=build_message)
    if delivery.retry_in is not None and not self.request.is_eager:
        # The row already counts the attempt and its next date; the sweep is the safety net.
        raise self.retry(countdown=delivery.retry_in, max_retries=None)
    return delivery.outcome


@shared_task(bind=True, name="emails.send_many", acks_late=True, ignore_result=True)
def task_send_emails(self, *, email_ids: list[int]) -> dict:
    with rendering.sharing():  # the group's event, links and agenda read once
        deliveries = outbox.deliver_emails(email_ids, build=build_message)
    if not self.request.is_eager:
        # Each e-mail refused for now is tried again alone, the others being sent already;
        # on the queue this group came from, as `retry` would (the worker may serve no other).
        route = same_route(self.request.delivery_info or {})
        for email_id, delivery in deliveries.items():
            if delivery.retry_in is not None:
                task_send_email.apply_async(kwargs={"email_id": email_id}, countdown=delivery.retry_in, **route)
    return {str(outcome): sum(d.outcome == outcome for d in deliveries.values()) for outcome in outbox.Outcome}


def same_route(delivery_info: dict) -> dict:
    """Publishing options that put a task where this one came from (as Celery's retry does)."""
    exchange, routing_key = delivery_info.get("exchange"), delivery_info.get("routing_key")
    if not exchange and routing_key:  # the default exchange: the routing key is the queue
        return {"queue": routing_key}
    return {"exchange": exchange, "routing_key": routing_key}


@shared_task(name="emails.requeue_due", ignore_result=True)
def task_requeue_due_emails() -> int:
    count = outbox.requeue_due_emails()
    if count:
        logger.info("Asked the workers again for %s pending e-mails.", count)
    return count


# A worker process keeps one connection to the mail server for all its messages (the pool's
# children, or the worker itself with --pool=solo) and says goodbye to it when it stops.
@signals.worker_init.connect
@signals.worker_process_init.connect
def keep_a_mail_server_connection(**kwargs) -> None:
    connection.keep_open()


@signals.worker_process_shutdown.connect
@signals.worker_shutdown.connect
def close_the_mail_server_connection(**kwargs) -> None:
    connection.close()
