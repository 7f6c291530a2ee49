""" "Share my journey": attendees coming the same way see each other and may write to each
other through the site, never seeing an address.

Two opted-in attendees of the same event with a confirmed seat match when both come by car
from within `MATCH_RADIUS_KM` of each other, or both by train on the same line. A block, in
either direction, hides the two from each other. Messages are rows (`JourneyMessage`) sent
through the outbox; the rate limits count those rows, so that every worker sees the same
count and nothing is lost with the cache.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from footprint.calculator import great_circle_km
from footprint.journey_emails import JOURNEY_MESSAGE, recipient_of
from footprint.models import JourneyBlock, JourneyMessage, TravelDeclaration
from mail.outbox import queue_email
from registrations.models import Registration

Mode = TravelDeclaration.Mode
CAR_MODES = frozenset({Mode.CAR_THERMAL, Mode.CAR_ELECTRIC})
TRAIN_MODES = frozenset({Mode.TGV, Mode.INTERCITES, Mode.TER, Mode.RER})
MATCH_RADIUS_KM = 30

MESSAGE_MAX_LENGTH = 1000
MESSAGES_PER_HOUR = 5
MESSAGES_PER_DAY = 20
MESSAGES_PER_PAIR_PER_DAY = 3


class JourneyError(DomainError):
    """A message or a block refused, with the reason in the user's language."""


# --- Matching: pure functions on declarations -------------------------------------------


def origins_km(a: TravelDeclaration, b: TravelDeclaration) -> float | None:
    """Distance between the two declared towns, or None when either gave only a distance."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


def by_car_nearby(a: TravelDeclaration, b: TravelDeclaration) -> bool:
    if a.mode not in CAR_MODES or b.mode not in CAR_MODES:
        return False
    distance = origins_km(a, b)
    return distance is not None and distance <= MATCH_RADIUS_KM


def on_same_train_line(a: TravelDeclaration, b: TravelDeclaration) -> bool:
    return a.mode in TRAIN_MODES and b.mode in TRAIN_MODES and bool(a.train_line) and a.train_line == b.train_line


def come_the_same_way(a: TravelDeclaration, b: TravelDeclaration) -> bool:
    return a.pk != b.pk and (by_car_nearby(a, b) or on_same_train_line(a, b))


def can_match(declaration: TravelDeclaration) -> bool:
    """Whether this trip can match anyone at all: by car from a known town, or by train on a line."""
    if declaration.mode in CAR_MODES:
        return declaration.latitude is not None and declaration.longitude is not None
    return declaration.mode in TRAIN_MODES and bool(declaration.train_line)


# --- Reads ---------------------------------------------------------------------------------


def sharing_declarations(event):
    """Every trip shared for `event`: opted in, by car or train, of a confirmed attendee."""
    return TravelDeclaration.objects.filter(
        event=event,
        shares_journey=True,
        mode__in=CAR_MODES | TRAIN_MODES,
        registration__status=Registration.Status.CONFIRMED,
    ).select_related("registration")


def is_sharing(declaration: TravelDeclaration) -> bool:
    return (
        declaration.shares_journey
        and declaration.registration is not None
        and declaration.registration.status == Registration.Status.CONFIRMED
    )


@dataclass(frozen=True)
class Companion:
    """What someone coming the same way sees of another: nothing more."""

    pk: int
    first_name: str
    organisation: str
    town: str
    km_apart: float | None  # by car; None on a train line
    train_line: str  # its label, on a train line


def as_companion(mine: TravelDeclaration, theirs: TravelDeclaration) -> Companion:
    same_line = on_same_train_line(mine, theirs)
    return Companion(
        pk=theirs.pk,
        first_name=theirs.registration.first_name,
        organisation=theirs.registration.organisation,
        town=theirs.town.split(" (")[0],
        km_apart=None if same_line else origins_km(mine, theirs),
        train_line=theirs.get_train_line_display() if same_line else "",
    )


def companion_declarations(declaration: TravelDeclaration) -> list[TravelDeclaration]:
    """The shared trips that come the same way as `declaration`, unblocked either way (two queries)."""
    if not is_sharing(declaration):
        return []
    blocked = JourneyBlock.objects.filter(Q(blocker=declaration) | Q(blocked=declaration)).values_list(
        "blocker_id", "blocked_id"
    )
    hidden = {pk for pair in blocked for pk in pair}
    others = sharing_declarations(declaration.event_id).exclude(pk=declaration.pk).exclude(pk__in=hidden)
    if declaration.mode in TRAIN_MODES:
        others = others.filter(train_line=declaration.train_line)
    return [
        other for other in others.order_by("registration__first_name", "pk") if come_the_same_way(declaration, other)
    ]


def companions(declaration: TravelDeclaration) -> list[Companion]:
    return [as_companion(declaration, other) for other in companion_declarations(declaration)]


def declaration_of(user, event) -> TravelDeclaration | None:
    if not user.is_authenticated or event is None:
        return None
    return (
        TravelDeclaration.objects.filter(registration__user=user, registration__event=event)
        .select_related("registration__user")
        .first()
    )


def received_from_unblocked(declaration: TravelDeclaration, *, limit: int = 20) -> list[JourneyMessage]:
    """The latest messages this person received, save those of people they blocked."""
    blocked = JourneyBlock.objects.filter(blocker=declaration).values("blocked_id")
    return list(
        JourneyMessage.objects.filter(recipient=declaration)
        .exclude(sender_id__in=blocked)
        .select_related("sender__registration")[:limit]
    )


# --- Changes ------------------------------------------------------------------------------


@transaction.atomic
def set_sharing(declaration: TravelDeclaration, shares: bool) -> None:
    """Opt in or out. Out takes the person out of every match at once (matches are read
    live); e-mails already written for them still leave, new ones are refused."""
    TravelDeclaration.objects.filter(pk=declaration.pk).update(shares_journey=shares)
    declaration.shares_journey = shares


def check_rate(sender: TravelDeclaration, recipient: TravelDeclaration, now: dt.datetime) -> None:
    sent = JourneyMessage.objects.filter(sender=sender)
    day_ago, hour_ago = now - dt.timedelta(days=1), now - dt.timedelta(hours=1)
    if (
        sent.filter(created_at__gt=hour_ago).count() >= MESSAGES_PER_HOUR
        or sent.filter(created_at__gt=day_ago).count() >= MESSAGES_PER_DAY
    ):
        raise JourneyError(
            _("You have sent many messages in a short time. Please try again a little later."), code="too_many"
        )
    if sent.filter(recipient=recipient, created_at__gt=day_ago).count() >= MESSAGES_PER_PAIR_PER_DAY:
        raise JourneyError(
            _("You have already written to this person several times today. Please wait for their answer."),
            code="too_many_to_them",
        )


def send_message(sender: TravelDeclaration, recipient_pk: int, body: str, *, now=None) -> JourneyMessage:
    """Write a message and queue its e-mail to the recipient, in their language, after commit.

    Locks the sender's declaration so that two simultaneous messages are counted one after
    the other; the recipient must still be among the sender's companions (both still sharing,
    confirmed, coming the same way, neither having blocked the other)."""
    now = now or timezone.now()
    body = body.strip()
    if not body or len(body) > MESSAGE_MAX_LENGTH:
        raise JourneyError(
            _("Write a message of at most %(limit)s characters.") % {"limit": MESSAGE_MAX_LENGTH}, code="invalid"
        )
    with transaction.atomic():
        sender = (
            TravelDeclaration.objects.select_for_update(of=("self",)).select_related("registration").get(pk=sender.pk)
        )
        if not is_sharing(sender):
            raise JourneyError(_("Share your journey first to write to others."), code="not_sharing")
        recipient = next((other for other in companion_declarations(sender) if other.pk == recipient_pk), None)
        if recipient is None:
            # Said the same way whether they stopped sharing or blocked the sender.
            raise JourneyError(_("This person no longer shares their journey with you."), code="unavailable")
        check_rate(sender, recipient, now)
        message = JourneyMessage.objects.create(sender=sender, recipient=recipient, body=body)
        user = recipient_of(message)
        queue_email(recipient=user.email, language=user.language, kind=JOURNEY_MESSAGE, about=message)
        return message


@transaction.atomic
def block(blocker: TravelDeclaration, blocked_pk: int) -> None:
    """Block a companion or someone who wrote to you; a repeat is a no-op."""
    if JourneyBlock.objects.filter(blocker=blocker, blocked_id=blocked_pk).exists():
        return
    allowed = {other.pk for other in companion_declarations(blocker)} | set(
        JourneyMessage.objects.filter(recipient=blocker).values_list("sender_id", flat=True)
    )
    if blocked_pk not in allowed:
        raise JourneyError(_("This person no longer shares their journey with you."), code="unavailable")
    JourneyBlock.objects.get_or_create(blocker=blocker, blocked_id=blocked_pk)
