"""Editions side by side: the edition in the address, its pages with its own data, the next
edition started from this one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events import editions
from events.models import Event, Session
from events.next_edition import EditionExists, start_next_edition
from mail.models import OutgoingEmail
from tests.factories import (
    EventFactory,
    InviteeFactory,
    RegistrationFactory,
    SeatReservationFactory,
    SessionFactory,
    SpeakerFactory,
    at,
    days_ago,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions():
    """This year's edition (the current one, ahead) and last year's, each with its session."""
    current = EventFactory()
    last_day = current.date - dt.timedelta(weeks=52)
    past = EventFactory(
        slug="tech-for-climate-last-year",
        date=last_day,
        registration_opens_at=days_ago(500),
        registration_closes_at=at("18:00", last_day - dt.timedelta(days=3)),
    )
    speaker = SpeakerFactory(name="Camille Dubois", slug="camille-dubois")
    SessionFactory(event=current, title="Le numérique sobre", slug="sobre", speakers=[speaker])
    SessionFactory(
        event=past,
        title="Mesurer son empreinte",
        slug="mesurer",
        start=at("09:00", last_day),
        end=at("10:00", last_day),
        speakers=[speaker],
    )
    return current, past


def test_each_edition_has_its_key_the_year_of_its_day(two_editions):
    current, past = two_editions
    assert (current.edition, past.edition) == (str(current.date.year), str(past.date.year))
    # A second edition in a year gets the year and a number; a key may be chosen by hand.
    again = EventFactory(slug="autumn", date=current.date + dt.timedelta(days=2))
    assert again.edition == f"{current.date.year}-2"


def test_each_edition_answers_with_its_own_programme(client, two_editions):
    _, past = two_editions
    this_year = client.get("/en/programme/").content.decode()
    assert "Le numérique sobre" in this_year and "Mesurer son empreinte" not in this_year
    last_year = client.get(f"/en/{past.edition}/programme/").content.decode()
    assert "Mesurer son empreinte" in last_year and "Le numérique sobre" not in last_year
    # Its links stay in its edition, in both languages.
    assert f'href="/en/{past.edition}/programme/mesurer/"' in last_year
    assert f'href="/{past.edition}/programme/mesurer/"' in client.get(f"/{past.edition}/programme/").content.decode()
    assert client.get(f"/en/{past.edition}/programme/mesurer/").status_code == 200
    assert client.get(f"/en/{past.edition}/programme/sobre/").status_code == 404  # another edition's session


def test_a_past_edition_says_it_took_place_and_leads_to_the_current_one(client, two_editions):
    _, past = two_editions
    page = client.get(f"/en/{past.edition}/speakers/camille-dubois/").content.decode()
    assert f"This edition took place on {past.date:%-d %B %Y}." in page
    assert 'href="/en/">The current edition</a>' in page
    assert "Mesurer son empreinte" in page and "Le numérique sobre" not in page
    assert "This edition took place" not in client.get("/en/speakers/camille-dubois/").content.decode()
    home = client.get("/en/").content.decode()
    assert f'href="/en/{past.edition}/"' in home  # the other editions, from the home page


def test_an_edition_that_does_not_exist_or_is_a_draft_is_not_found(two_editions, organiser_client):
    _, past = two_editions
    client = Client()
    assert client.get("/en/1999/programme/").status_code == 404
    past.is_published = False
    past.save()
    assert client.get(f"/en/{past.edition}/programme/").status_code == 404
    assert organiser_client.get(f"/en/{past.edition}/programme/").status_code == 200  # the organisers' preview


def test_a_programme_in_draft_is_the_organisers_alone(two_editions, organiser_client):
    current, _ = two_editions
    client = Client()
    current.programme_published = False
    current.save()
    page = client.get("/en/programme/").content.decode()
    assert "is being prepared" in page and "Le numérique sobre" not in page
    assert client.get("/en/programme/sobre/").status_code == 404
    assert client.get("/en/speakers/camille-dubois/").status_code == 404
    assert "Le numérique sobre" in organiser_client.get("/en/programme/").content.decode()


def test_a_page_that_reads_another_editions_rows_fails_in_tests(two_editions):
    _, past = two_editions
    with editions.scoped_to(past), pytest.raises(editions.RowOfAnotherEdition):
        list(Session.objects.all())
    with editions.scoped_to(past):
        assert [s.slug for s in Session.objects.filter(event=past)] == ["mesurer"]
        with editions.every_edition():
            assert Session.objects.count() == 2


def test_reverse_names_the_edition_a_message_is_about(two_editions):
    _, past = two_editions
    with editions.addresses_of(past):
        assert reverse("events:programme") == f"/en/{past.edition}/programme/"
    assert reverse("events:programme") == "/en/programme/"


def test_the_next_edition_starts_from_this_one_a_year_on_with_its_programme_in_draft(two_editions):
    current, _ = two_editions
    current.capacity, current.offer_window_hours = 280, 12
    current.save()
    RegistrationFactory(event=current)
    SeatReservationFactory(event=current, seats=40)
    new = start_next_edition(current)
    assert new.date == current.date + dt.timedelta(weeks=52) and new.date.weekday() == current.date.weekday()
    assert new.edition == str(new.date.year) and new.slug != current.slug
    assert (new.capacity, new.offer_window_hours, new.is_published, new.programme_published) == (280, 12, True, False)
    assert new.registration_closes_at.date() - current.registration_closes_at.date() == dt.timedelta(weeks=52)
    session = new.sessions.get()
    assert session.title == "Le numérique sobre" and session.room.event == new
    assert session.start.astimezone(at("09:00").tzinfo).time() == dt.time(9, 0)
    assert [s.slug for s in session.speakers.all()] == ["camille-dubois"]  # the same profile
    assert new.registrations.count() == 0  # nothing personal
    assert list(new.reservations.values_list("category", "seats")) == list(
        current.reservations.values_list("category", "seats")
    )
    with pytest.raises(EditionExists):
        start_next_edition(current)  # its day is taken now


def test_the_admin_action_starts_the_next_edition(organiser_client, two_editions):
    current, _ = two_editions
    response = organiser_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "start_next_edition", "_selected_action": [current.pk]},
    )
    new = Event.objects.get(date=current.date + dt.timedelta(weeks=52))
    assert (
        response.status_code == 302 and response["Location"] == f"/en/{new.edition}/admin/events/event/{new.pk}/change/"
    )
    # The new edition opens for registration with its programme in draft.
    page = organiser_client.get(response["Location"])
    assert page.status_code == 200 and "draft" in page.content.decode()


def test_the_command_starts_the_next_edition_on_the_day_asked(two_editions, capsys):
    current, _ = two_editions
    day = current.date + dt.timedelta(days=371)
    call_command("start_next_edition", current.edition, "--date", day.isoformat())
    assert Event.objects.filter(date=day, programme_published=False).exists()
    with pytest.raises(Exception, match="No edition"):
        call_command("start_next_edition", "1999")


def test_the_loader_makes_the_edition_of_the_year_asked_and_moves_no_other(two_editions):
    current, past = two_editions
    days = (current.date, past.date)
    call_command("load_techforclimate", "--year", str(past.date.year), verbosity=0)
    call_command("load_techforclimate", "--year", str(current.date.year + 2), verbosity=0)
    past.refresh_from_db()
    current.refresh_from_db()
    # That year's edition takes the file's day and programme; the others stay as they were.
    assert current.date == days[0] and (past.date.year, past.date.month, past.date.day) == (days[1].year, 6, 8)
    later = Event.objects.get(date__year=current.date.year + 2)
    assert later.edition == str(current.date.year + 2) and later.sessions.count() > 10
    assert past.sessions.filter(slug="mesurer").exists()  # last year's kept, beside the file's


def test_a_person_registered_in_both_editions_sees_both_and_each_page_is_its_own(client, two_editions):
    current, past = two_editions
    person = RegistrationFactory(event=past, organisation="Ancienne SA", status="confirmed").user
    RegistrationFactory(event=current, user=person, organisation="Nouvelle SA")
    client.force_login(person)
    this_year = client.get("/en/my-registration/").content.decode()
    assert "Nouvelle SA" in this_year and "Ancienne SA" not in this_year
    assert f'href="/en/{past.edition}/my-registration/"' in this_year  # "Your other editions"
    last_year = client.get(f"/en/{past.edition}/my-registration/").content.decode()
    assert "Ancienne SA" in last_year and "Nouvelle SA" not in last_year
    assert f'href="/en/{current.edition}/my-registration/"' in last_year  # and this year's
    # Each edition's calendar file is its own day.
    ics = client.get(f"/en/{past.edition}/my-registration/agenda.ics").content.decode()
    assert past.date.strftime("%Y%m%d") in ics and current.date.strftime("%Y%m%d") not in ics


def test_registering_again_starts_from_last_years_details(client, two_editions):
    _, past = two_editions
    before = RegistrationFactory(
        event=past, organisation="Verdure Data", job_title="Directrice RSE", dietary_requirements="sans gluten"
    )
    client.force_login(before.user)
    before.user.emailaddress_set.create(email=before.user.email, verified=True, primary=True)
    form = client.get("/en/register/").context["form"]
    assert (form.initial["organisation"], form.initial["job_title"], form.initial["dietary_requirements"]) == (
        "Verdure Data",
        "Directrice RSE",
        "sans gluten",
    )
    assert "category" not in form.initial  # a category is vouched for, never carried over


def test_a_personal_link_of_a_past_edition_opens_in_its_own_edition(client, two_editions):
    from registrations.offer_links import offer_token

    _, past = two_editions
    invitee = InviteeFactory(event=past)
    offer = offer_token(
        RegistrationFactory(
            event=past, status="offered", confirmed_at=None, offer_expires_at=days_ago(400), queued_at=days_ago(401)
        )
    )
    for short, own in [
        (f"/en/invitation/{invitee.token}/", f"/en/{past.edition}/invitation/{invitee.token}/"),
        (f"/en/seat-offer/{offer}/?from=mail", f"/en/{past.edition}/seat-offer/{offer}/?from=mail"),
    ]:
        response = client.get(short)
        assert (response.status_code, response["Location"]) == (302, own)
        assert client.get(own).status_code in (200, 410)  # its page, in its edition


def test_a_room_with_sessions_does_not_move_to_another_edition(organiser_client, two_editions):
    current, past = two_editions
    room = current.sessions.get().room
    room.event = past
    with pytest.raises(ValidationError):
        room.full_clean()
    # The back office of one edition offers no other edition to move a row to.
    form = organiser_client.get(reverse("admin:events_room_change", args=[room.pk])).context["adminform"].form
    assert list(form.fields["event"].queryset) == [current]


def test_last_editions_attendees_are_invited_in_one_step_and_once(organiser_client, two_editions):
    from registrations.models import Invitee

    current, past = two_editions
    came = [RegistrationFactory(event=past, organisation="Verdure Data", category="partner") for _ in range(2)]
    RegistrationFactory(event=past, status="cancelled", cancelled_at=days_ago(400))
    page = organiser_client.get("/en/admin/registrations/invitee/last-edition/").content.decode()
    assert "2 people had a seat at" in page
    for _ in range(2):  # twice: nobody invited twice
        organiser_client.post("/en/admin/registrations/invitee/last-edition/")
    invitees = Invitee.objects.filter(event=current)
    assert sorted(invitee.email for invitee in invitees) == sorted(r.user.email for r in came)
    assert {invitee.category for invitee in invitees} == {"partner"}  # the seat's category, vouched then
    assert OutgoingEmail.objects.filter(kind="invitation").count() == 2


def test_an_editions_address_without_its_slash_and_in_the_other_language(client, two_editions):
    _, past = two_editions
    response = client.get(f"/en/{past.edition}")
    assert (response.status_code, response["Location"]) == (301, f"/en/{past.edition}/")
    page = client.get(f"/{past.edition}/programme/").content.decode()
    assert f'href="/en/{past.edition}/programme/"' in page  # the language switcher stays in the edition
