from celery import shared_task
from django.conf import settings

from techforclimate.privacy import anonymise_past_attendees


@shared_task(name="accounts.anonymise_past_attendees", ignore_result=True)
def task_anonymise_past_attendees() -> int:
    return anonymise_past_attendees(days=settings.RETENTION_DAYS)
