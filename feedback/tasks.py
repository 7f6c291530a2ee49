"""Celery tasks: thin wrappers that call one function."""

from celery import shared_task
from django.utils import timezone

from feedback import services


# The task's name is older than the app: queued runs and the beat schedule know it by it.
@shared_task(name="registrations.feedback_requests", ignore_result=True)
def task_send_feedback_requests() -> int:
    return services.send_feedback_requests(today=timezone.localdate())
