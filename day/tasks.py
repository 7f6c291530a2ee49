"""Celery tasks: thin wrappers that load by id and call one function."""

import logging

from celery import shared_task
from django.utils import timezone

from day import badges
from day.models import BadgePrintRun

logger = logging.getLogger(__name__)


# The task's name is older than the app: queued runs know it by it.
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
