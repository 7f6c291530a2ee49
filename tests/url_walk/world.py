"""The walk's world: one of each object a URL can name, and one person per role."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.roles import ACCUEIL_GROUP, ORGANISERS_GROUP
from backoffice.models import Announcement
from day.models import BadgePrintRun, CheckIn
from events.models import Session
from footprint.models import TravelDeclaration
from mail.models import OutgoingEmail
from registrations import holds
from registrations.models import Invitee, SeatHold, WorkshopBooking
from speakers.services import invite_speaker
from tests.factories import (
    EventFactory,
    InviteeFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    at,
)


@dataclass
class World:
    """One of each object a URL can name, and one person per role."""

    event: object = None
    made_at: object = None  # when the world was made (the clock's moment then)
    roles: dict = field(default_factory=dict)
    path_values: dict = field(default_factory=dict)
    admin_objects: dict = field(default_factory=dict)
    # Last year's edition, with its own rows of each kind and the same people: every page of
    # each edition must answer with its own (a row of the other fails the page in tests).
    past: "World | None" = None


def make_past_edition(event, *, attendee, speaker, checkin_staff, roles) -> World:
    """Last year's edition: its day, its sessions (the same speaker), the attendee and the
    speaker registered and checked in, their trips, an invitation, an announcement, a print run."""
    day = event.date - dt.timedelta(weeks=52)
    past = EventFactory(
        slug="tech-for-climate-last-year",
        date=day,
        registration_opens_at=at("10:00", day - dt.timedelta(days=120)),
        registration_closes_at=at("18:00", day - dt.timedelta(days=3)),
        footprint_published=True,
    )
    plenary = SessionFactory(event=past, start=at("09:00", day), end=at("10:00", day), speakers=[speaker])
    workshop = SessionFactory(
        event=past, kind=Session.Kind.WORKSHOP, capacity=10, start=at("11:00", day), end=at("12:00", day)
    )
    registration = RegistrationFactory(event=past, user=attendee, is_organisation_contact=True)
    WorkshopBooking.objects.create(registration=registration, session=workshop, status="booked")
    CheckIn.objects.create(registration=registration, checked_in_by=checkin_staff, checked_in_at=at("08:50", day))
    TravelDeclaration.objects.create(registration=registration, town="Lille", mode="tgv", distance_km=225)
    speaker_registration = RegistrationFactory(event=past, user=speaker.user)
    CheckIn.objects.create(
        registration=speaker_registration, checked_in_by=checkin_staff, checked_in_at=at("08:55", day)
    )
    invitee = InviteeFactory(event=past)
    announcement = Announcement.objects.create(event=past, subject_fr="L'an dernier", body_fr="Merci")
    run = BadgePrintRun.objects.create(event=past, source="confirmed", status=BadgePrintRun.Status.READY, file="y.pdf")
    return World(
        event=past,
        made_at=timezone.now(),
        roles=roles,
        path_values={
            "session_id": str(workshop.pk),
            "registration_id": str(registration.pk),
            "session slug": plenary.slug,
            "speaker slug": speaker.slug,
            "invitation token": invitee.token,
            "pk": str(run.pk),
        },
        admin_objects={
            model._meta.label_lower: obj.pk
            for model, obj in [
                (type(past), past),
                (type(plenary.room), plenary.room),
                (Session, plenary),
                (type(registration), registration),
                (WorkshopBooking, WorkshopBooking.objects.get(registration=registration)),
                (Announcement, announcement),
                (BadgePrintRun, run),
                (CheckIn, registration.check_in),
                (Invitee, invitee),
                (TravelDeclaration, TravelDeclaration.objects.get(registration=registration)),
            ]
        },
    )


def make_world() -> World:
    """The objects and people, made in the database; the staff groups must exist."""
    event = EventFactory()
    plenary = SessionFactory(event=event)
    workshop = SessionFactory(event=event, kind=Session.Kind.WORKSHOP, capacity=10, start=at("11:00"), end=at("12:00"))
    attendee = UserFactory(verified=True)
    # The contact of their organisation: the walk reaches the statement downloads.
    registration = RegistrationFactory(event=event, user=attendee, is_organisation_contact=True)
    WorkshopBooking.objects.create(registration=registration, session=workshop, status="booked")
    speaker_user = UserFactory(verified=True)
    speaker = SpeakerFactory(user=speaker_user)
    plenary.speakers.add(speaker)
    speaker_registration = RegistrationFactory(event=event, user=speaker_user)
    checkin_staff = UserFactory(verified=True)
    checkin_staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    organiser = UserFactory(verified=True, is_staff=True, totp=True)
    organiser.groups.add(Group.objects.get(name=ORGANISERS_GROUP))

    invitee = InviteeFactory(event=event)
    hold = holds.hold_seat_for_colleague(
        event,
        held_by=attendee,
        first_name="Colin",
        last_name="Collègue",
        email="colleague@example.org",
        organisation=registration.organisation,
        category=registration.category,
    )
    invite_speaker(SpeakerFactory(email="invited.speaker@example.org"), sent_by=organiser)
    invitation_email = OutgoingEmail.objects.get(kind="speaker_invitation")
    speaker_token = re.search(r"/invitation/([^/\s]+)/", invitation_email.body_text)[1]
    announcement = Announcement.objects.create(
        event=event, subject_fr="Sujet", body_fr="Texte", subject_en="Subject", body_en="Text"
    )
    run = BadgePrintRun.objects.create(event=event, source="confirmed", status=BadgePrintRun.Status.READY, file="x.pdf")
    CheckIn.objects.create(registration=registration, checked_in_by=checkin_staff, checked_in_at=timezone.now())
    # Both share their journey on the same line: the journey pages have someone to write to.
    TravelDeclaration.objects.create(
        registration=registration,
        town="Lyon",
        mode="tgv",
        distance_km=465,
        train_line="gare_de_lyon",
        shares_journey=True,
    )
    TravelDeclaration.objects.create(
        registration=speaker_registration,
        town="Dijon",
        mode="tgv",
        distance_km=260,
        train_line="gare_de_lyon",
        shares_journey=True,
    )
    OutgoingEmail.objects.create(recipient="someone@example.org", kind="confirmation", about=registration)

    world = World(
        event=event,
        made_at=timezone.now(),
        roles={
            "anonymous": None,
            "attendee": attendee,
            "speaker": speaker_user,
            "check-in staff": checkin_staff,
            "organiser": organiser,
        },
        path_values={
            "session_id": str(workshop.pk),
            "registration_id": str(registration.pk),
            "session slug": plenary.slug,
            "speaker slug": speaker.slug,
            "invitation token": invitee.token,
            "hold token": hold.token,
            "speaker token": speaker_token,
            "pk": str(run.pk),
            "id": str(organiser.pk),
            "app_label": "registrations",
            "key": "not-a-key",
            "uidb36": "1",
            "path": "missing.jpg",
            "url": "nowhere/",
            "content_type_id": str(ContentType.objects.get_for_model(Session).pk),
            "object_id": str(plenary.pk),
        },
        admin_objects={
            model._meta.label_lower: obj.pk
            for model, obj in [
                (type(organiser), organiser),
                (type(event), event),
                (type(plenary.room), plenary.room),
                (type(plenary.theme), plenary.theme),
                (Session, plenary),
                (type(speaker), speaker),
                (type(registration), registration),
                (WorkshopBooking, WorkshopBooking.objects.first()),
                (OutgoingEmail, OutgoingEmail.objects.first()),
                (Announcement, announcement),
                (BadgePrintRun, run),
                (CheckIn, CheckIn.objects.first()),
                (Invitee, invitee),
                (SeatHold, hold),
                (TravelDeclaration, TravelDeclaration.objects.first()),
            ]
        },
    )
    past = make_past_edition(event, attendee=attendee, speaker=speaker, checkin_staff=checkin_staff, roles=world.roles)
    # What the past edition has no row of (the speaker's invitation, a held seat) is this year's.
    past.path_values = world.path_values | past.path_values
    past.admin_objects = world.admin_objects | past.admin_objects
    world.past = past
    return world
