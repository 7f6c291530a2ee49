"""Each organisation's statement sent once to its contact, through the outbox.

Who the contact is (`statement_contact`), when a statement can be sent or downloaded
(`statements_ready`), and the sending itself (`send_statement`): one `StatementDelivery`
per event and organisation, its unique constraint being the guard against a second send,
a double click included."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from day.models import CheckIn
from footprint.models import StatementDelivery
from footprint.statements import Statement, attendees, organisation_key, organisation_statements
from mail.outbox import queue_email
from registrations.models import Invitee, Registration


class EmailKind(models.TextChoices):
    STATEMENT = "footprint_statement", _("Organisation's footprint statement")


class StatementError(DomainError):
    pass


@dataclass(frozen=True)
class Contact:
    email: str
    language: str
    name: str
    # Marked by the organisers, or the address the invitation was sent to.
    marked: bool

    @property
    def source_label(self) -> str:
        return str(_("marked as contact") if self.marked else _("the invitation's address"))


def statements_ready(event, now=None) -> bool:
    """There is something to state once the desk has checked someone in, or once the event
    is over (the desk was not used): before that it would be a forecast."""
    now = now or timezone.now()
    return now >= event.ends_at or CheckIn.objects.filter(registration__event=event).exists()


def organisation_contacts(event) -> dict[str, Contact]:
    """Each organisation's contact, by organisation key (three queries):
    1. a confirmed attendee of that organisation whom the organisers marked as its contact
       (the earliest registered, if several were marked);
    2. failing that, the address an invitation was sent to, when one of the organisation's
       people who came registered through that invitation and the invitation names the same
       organisation (the earliest invitation sent);
    3. failing that, none: the statement cannot be sent."""
    contacts: dict[str, Contact] = {}
    marked = (
        Registration.objects.confirmed()
        .filter(event=event, is_organisation_contact=True, user__isnull=False)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    for registration in marked:
        contacts.setdefault(
            organisation_key(registration.organisation),
            Contact(registration.user.email, registration.user.language, registration.first_name, marked=True),
        )
    invitees = (
        Invitee.objects.filter(event=event, invited_at__isnull=False, registration__in=attendees(event))
        .select_related("registration__user")
        .order_by("invited_at", "pk")
    )
    for invitee in invitees:
        key = organisation_key(invitee.organisation)
        if key != organisation_key(invitee.registration.organisation):
            continue  # they came for another organisation than the one invited
        user = invitee.registration.user
        same_person = user is not None and user.email.casefold() == invitee.email.casefold()
        contacts.setdefault(
            key, Contact(invitee.email, user.language if same_person else invitee.language, invitee.first_name, False)
        )
    return contacts


def statement_contact(event, organisation: str) -> Contact | None:
    return organisation_contacts(event).get(organisation_key(organisation))


def is_contact_of_organisation(registration) -> bool:
    """May this person download their organisation's statement (`statement_views`)? Every
    confirmed attendee the organisers marked as contact, not only the one it is sent to."""
    return registration.is_organisation_contact and registration.is_confirmed and registration.user_id is not None


@dataclass
class Planned:
    """One organisation's statement as the preview shows it, sent or not."""

    statement: Statement
    contact: Contact | None
    delivery: StatementDelivery | None

    @property
    def can_be_sent(self) -> bool:
        return self.contact is not None and self.delivery is None


def plan(event, keys: list[str] | None = None) -> list[Planned]:
    """The organisations chosen (`keys`), or every one when None, with their contact and
    their delivery if sent already."""
    contacts = organisation_contacts(event)
    deliveries = {
        delivery.organisation_key: delivery
        for delivery in StatementDelivery.objects.filter(event=event).select_related("sent_by")
    }
    return [
        Planned(statement, contacts.get(statement.key), deliveries.get(statement.key))
        for statement in organisation_statements(event)
        if keys is None or statement.key in keys
    ]


def send_statement(event, statement: Statement, contact: Contact | None, *, sent_by) -> StatementDelivery:
    """Record the delivery and queue the e-mail (PDF and CSV built when it leaves, in the
    contact's language), in one transaction. A second send, even a simultaneous one, meets
    the unique constraint and is refused."""
    if contact is None:
        raise StatementError(
            _("%(organisation)s has no contact: its statement cannot be sent.")
            % {"organisation": statement.organisation},
            code="no_contact",
        )
    try:
        with transaction.atomic():
            delivery = StatementDelivery.objects.create(
                event=event,
                organisation_key=statement.key,
                organisation=statement.organisation,
                recipient=contact.email,
                sent_by=sent_by,
            )
            delivery.email = queue_email(
                recipient=contact.email,
                language=contact.language or settings.LANGUAGE_CODE,
                kind=EmailKind.STATEMENT,
                about=delivery,
                context={"name": contact.name, "marked": contact.marked},
            )
            delivery.save(update_fields=["email"])
    except IntegrityError:
        raise StatementError(
            _("The statement of %(organisation)s was sent already: it is sent only once.")
            % {"organisation": statement.organisation},
            code="already_sent",
        ) from None
    return delivery


@dataclass
class Sent:
    sent: list[StatementDelivery]
    refused: list[str]  # the reasons, one per organisation not sent


def send_statements(event, keys: list[str] | None, *, sent_by) -> Sent:
    """Each chosen organisation's statement (with None, every one not yet sent), each in its
    own transaction: one refusal does not stop the others."""
    if not statements_ready(event):
        raise StatementError(
            _(
                "Statements can be sent once there is something to state: after the event, or once people are "
                "checked in."
            ),
            code="not_ready",
        )
    result = Sent([], [])
    for planned in plan(event, keys):
        if keys is None and planned.delivery is not None:
            continue  # "all not yet sent"
        try:
            result.sent.append(send_statement(event, planned.statement, planned.contact, sent_by=sent_by))
        except StatementError as error:
            result.refused.append(error.message)
    return result
