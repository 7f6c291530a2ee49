"""The pages of issues 17–20 that need a person in a given state or a personal link, for the
sobriety budgets and the EcoIndex table: built with the ORM, visited as their users see them."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from events.models import Session
from feedback import services
from footprint.models import TravelDeclaration
from registrations import offer_links, reconfirmation
from registrations.models import SeatTransfer
from tests.factories import CheckInFactory, RegistrationFactory, UserFactory

TRIP = {"town": "Dijon (France)", "distance_km": 260, "mode": "tgv", "train_line": "gare_de_lyon"}


def french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def link_pages(programme) -> list[str]:
    """Personal links opened without an account: a seat offer, the day-after feedback form,
    a seat passed on; and the public footprint and privacy pages."""
    offered = RegistrationFactory(
        event=programme,
        status="offered",
        queued_at=timezone.now() - dt.timedelta(days=2),
        offer_expires_at=timezone.now() + dt.timedelta(days=1),
    )
    programme.footprint_published = True
    programme.save()
    attendee = RegistrationFactory(event=programme, feedback_requested_at=timezone.now() - dt.timedelta(days=1))
    CheckInFactory(registration=attendee)
    giver = RegistrationFactory(event=programme)
    token = "a-seat-passed-on-to-a-colleague"  # as if from the e-mail, whose token is not stored
    SeatTransfer.objects.create(
        registration=giver,
        first_name="Paul",
        last_name="Collègue",
        email="paul@example.org",
        token_hash=SeatTransfer.hash_token(token),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    return [
        french("registrations:offer", offer_links.offer_token(offered)),
        french("feedback:answer", services.feedback_token(attendee)),
        french("footprint:public"),
        french("accounts:privacy"),
        french("registrations:transfer", token),
    ]


def attendee_in_full(programme):
    """An attendee with every section of "My registration" (a booked workshop, a trip shared
    with someone on the same line), and the pages that state opens."""
    registration = RegistrationFactory(event=programme, user__verified=True)
    workshop = Session.objects.filter(event=programme, kind="workshop").first()
    registration.bookings.create(session=workshop, status="booked")
    TravelDeclaration.objects.create(registration=registration, shares_journey=True, **TRIP)
    other = RegistrationFactory(event=programme, first_name="Iris", organisation="Rails & Co")
    TravelDeclaration.objects.create(registration=other, shares_journey=True, **TRIP)
    pages = [
        french("registrations:mine"),
        french("footprint:declare"),
        french("footprint:journeys"),
        french("registrations:colleague"),
        french("registrations:give_seat"),
        french("registrations:reconfirm", reconfirmation.answer_token(registration, reconfirmation.Answer.COMING)),
        french("accounts:delete"),
        french("mfa_index"),
    ]
    return registration.user, pages


def new_attendee(programme):
    """Someone with an account and no registration yet: the registration form."""
    return UserFactory(verified=True), [french("registrations:register")]


def speaker_in_area(programme):
    """A speaker with an account: their area and the form of their profile."""
    from speakers.models import Speaker

    speaker = Speaker.objects.get(slug="aurore-stephant")
    speaker.user = UserFactory(verified=True)
    speaker.save()
    return speaker.user, [french("speakers:area"), french("speakers:edit", speaker.slug)]


# Who visits, and what: each function makes its person and gives the pages they open.
PEOPLE = [attendee_in_full, new_attendee, speaker_in_area]
