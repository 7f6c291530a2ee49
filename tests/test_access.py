"""Every object a person can reach by URL is checked against who is asking, and someone
else's object answers exactly like one that does not exist: same status, same page, so
that an identifier leaks nothing."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import ACCUEIL_GROUP
from day.models import BadgePrintRun
from events.models import Session
from tests.factories import (
    BadgePrintRunFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopBookingFactory,
)

pytestmark = pytest.mark.django_db
MISSING = 987_654


def as_attendee(client, event):
    registration = RegistrationFactory(event=event)
    client.force_login(registration.user)
    return registration


def someone_elses_booking(client):
    event = EventFactory()
    workshop = SessionFactory(event=event, kind=Session.Kind.WORKSHOP, capacity=10)
    WorkshopBookingFactory(registration=RegistrationFactory(event=event), session=workshop, status="booked")
    as_attendee(client, event)
    url = "/en/my-registration/workshops/{}/cancel/"
    return ("post", url.format(workshop.pk), {}), ("post", url.format(MISSING), {})


def a_session_of_another_event(client):
    event = EventFactory()
    elsewhere = SessionFactory(event=EventFactory(slug="another"), kind=Session.Kind.WORKSHOP, capacity=10)
    as_attendee(client, event)
    url = "/en/my-registration/workshops/{}/book/"
    return ("post", url.format(elsewhere.pk), {}), ("post", url.format(MISSING), {})


def someone_elses_speaker_profile(client):
    me = UserFactory()
    SpeakerFactory(user=me, slug="me")
    SpeakerFactory(user=UserFactory(), slug="someone-else")
    client.force_login(me)
    return ("get", "/en/speaker-area/someone-else/edit/", {}), ("get", "/en/speaker-area/nobody/edit/", {})


def someone_elses_speaker_photo(client):
    (_, other, _), (_, missing, _) = someone_elses_speaker_profile(client)
    photo = {"remove": "1"}
    return ("post", other.replace("edit", "photo"), photo), ("post", missing.replace("edit", "photo"), photo)


def a_registration_of_another_event_at_the_desk(client):
    EventFactory()
    elsewhere = RegistrationFactory(event=EventFactory(slug="another"))
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client.force_login(staff)
    desk = "/en/check-in/"
    return ("post", desk, {"registration": elsewhere.pk}), ("post", desk, {"registration": MISSING})


def a_badge_print_run_for_check_in_staff(client):
    event = EventFactory()
    run = BadgePrintRunFactory(event=event, source="confirmed", status=BadgePrintRun.Status.READY, file="x.pdf")
    staff = UserFactory(is_staff=True, totp=True)
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client.force_login(staff)
    url = "/en/admin/day/badgeprintrun/{}/download/"
    return ("get", url.format(run.pk), {}), ("get", url.format(MISSING), {})


@pytest.mark.parametrize(
    "case",
    [
        someone_elses_booking,
        a_session_of_another_event,
        someone_elses_speaker_profile,
        someone_elses_speaker_photo,
        a_registration_of_another_event_at_the_desk,
        a_badge_print_run_for_check_in_staff,
    ],
)
def test_someone_elses_object_answers_exactly_like_a_missing_one(client, organisers_group, case):
    (method, other_url, data), (_, missing_url, missing_data) = case(client)
    other = getattr(client, method)(other_url, data)
    missing = getattr(client, method)(missing_url, missing_data)
    assert other.status_code in (403, 404)
    assert (other.status_code, other.content) == (missing.status_code, missing.content)
