import logging

from celery import shared_task

from events.models import Session
from registrations import emails
from registrations.models import Registration

logger = logging.getLogger(__name__)


@shared_task(name="registrations.send_registration_email")
def send_registration_email(*, registration_id: int, kind: str, session_id: int | None = None) -> None:
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None:
        logger.warning("Registration %s is gone; no %s e-mail sent.", registration_id, kind)
        return
    session = Session.objects.filter(pk=session_id).first() if session_id else None
    emails.build_registration_email(registration, kind, session=session).send()
