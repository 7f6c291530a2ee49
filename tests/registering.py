"""Registering through the rules, as the tests of several apps do: the attendee's details, a
registration made at OPEN (the factories' registration window), the e-mails one person got."""

from django.core import mail

from registrations.services import AttendeeDetails, register_attendee
from tests.edition import OPEN
from tests.factories import InviteeFactory, UserFactory


def details(**overrides) -> AttendeeDetails:
    values = {
        "first_name": "Camille",
        "last_name": "Exemple",
        "organisation": "Exemple SA",
        "job_title": "Responsable RSE",
        "category": "client",
    }
    values.update(overrides)
    return AttendeeDetails(**values)


def register(event, user=None, **detail_overrides):
    """A registration through the rules at OPEN, for a new account unless `user` is given."""
    return register_attendee(event, user=user or UserFactory(), details=details(**detail_overrides), now=OPEN)


def subjects_to(email: str) -> list[str]:
    """The subjects of the e-mails sent to `email`, in order."""
    return [message.subject for message in mail.outbox if message.to == [email]]


def register_as(event, category, now=OPEN):
    """A new account registering through the rules, in `category`, which it chose itself."""
    return register_attendee(event, user=UserFactory(), details=details(category=category), now=now)


def register_invited(event, category, now=OPEN):
    """A new account registering through an invitation in `category` (vouched for)."""
    invitee = InviteeFactory(event=event, category=category)
    user = UserFactory(email=invitee.email, verified=True)
    return register_attendee(event, user=user, details=details(category="other"), invitee=invitee, now=now)
