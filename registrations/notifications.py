"""Telling people what happened to their registration: e-mails queued after commit."""

from django.db import transaction

from events.models import Session
from registrations.models import Registration


def notify_on_commit(registration: Registration, kind: str, *, session: Session | None = None) -> None:
    """Queue the e-mail of `kind` once the current transaction commits, never before: a
    rolled-back registration must not be announced."""
    from registrations.tasks import send_registration_email

    registration_id, session_id = registration.pk, session.pk if session else None
    # robust: a broker that is down must not turn a committed registration into an error page.
    transaction.on_commit(
        lambda: send_registration_email.delay(registration_id=registration_id, kind=kind, session_id=session_id),
        robust=True,
    )
