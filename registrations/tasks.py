"""Celery tasks: thin wrappers that call one function."""

from celery import shared_task
from django.utils import timezone

from registrations import holds, offers, reconfirmation, reminders


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


@shared_task(name="registrations.release_lapsed_seats", ignore_result=True)
def task_release_lapsed_seats() -> int:
    return holds.release_lapsed_seats()


@shared_task(name="registrations.sweep_offers", ignore_result=True)
def task_sweep_offers() -> int:
    return offers.sweep_offers()
