"""Celery tasks: thin wrappers that load by id and call one function."""

import logging

from celery import shared_task
from django.utils import timezone

from registrations import badges, holds, offers, reconfirmation, reminders
from registrations.models import BadgePrintRun

logger = logging.getLogger(__name__)


@shared_task(name="emails.event_reminders", ignore_result=True)
def task_send_event_reminders() -> int:
    return reminders.send_event_reminders(today=timezone.localdate())


@shared_task(name="registrations.reconfirmation", ignore_result=True)
def task_send_reconfirmations() -> dict:
    today = timezone.localdate()
    return {
        "asked": reconfirmation.send_reconfirmation_requests(today=today),
        "reminded": reconfirmation.send_reconfirmation_reminders(today=today),
    }


@shared_task(name="badges.render_print_run", acks_late=True, ignore_result=True)
def task_render_badge_print_run(*, run_id: int) -> None:
    run = BadgePrintRun.objects.select_related("event").filter(pk=run_id).first()
    if run is None or run.status == BadgePrintRun.Status.READY:
        logger.info("Badge print run %s is gone or done already.", run_id)
        return
    try:
        badges.render_print_run(run)
    except Exception as error:
        BadgePrintRun.objects.filter(pk=run_id).update(
            status=BadgePrintRun.Status.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
        raise


@shared_task(name="registrations.release_lapsed_seats", ignore_result=True)
def task_release_lapsed_seats() -> int:
    return holds.release_lapsed_seats()


@shared_task(name="registrations.sweep_offers", ignore_result=True)
def task_sweep_offers() -> int:
    return offers.sweep_offers()
