import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Session
from tests.edition import EVENT_DATE
from tests.factories import EventFactory, RoomFactory, SessionFactory, SpeakerFactory, ThemeFactory, at
from tests.second_factor import add_authenticator_app

pytestmark = pytest.mark.django_db

AGENDA_MODELS = ["events.event", "events.room", "events.theme", "events.session", "speakers.speaker"]


@pytest.fixture
def agenda():
    event = EventFactory()
    session = SessionFactory(event=event, speakers=[SpeakerFactory()])
    return {"event": event, "session": session}


def admin_url(model_label: str, view: str, *args) -> str:
    app_label, model_name = model_label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.mark.parametrize("model_label", AGENDA_MODELS)
def test_organiser_opens_every_changelist_and_add_page(organiser_client, agenda, model_label):
    assert organiser_client.get(admin_url(model_label, "changelist")).status_code == 200
    assert organiser_client.get(admin_url(model_label, "add")).status_code == 200


def test_every_registered_model_changelist_loads_for_a_superuser(client, rf, agenda, django_user_model):
    superuser = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    add_authenticator_app(superuser)  # staff need a second factor before the back office opens
    client.force_login(superuser)
    request = rf.get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        url = admin_url(model._meta.label_lower, "changelist")
        assert client.get(url).status_code == 200, url
        add_status = client.get(admin_url(model._meta.label_lower, "add")).status_code
        # Registrations and bookings are made by attendees through the rules, never added here.
        assert add_status == (200 if model_admin.has_add_permission(request) else 403), url


def test_session_changelist_filters_and_orders_by_time(organiser_client, agenda):
    event = agenda["event"]
    later = SessionFactory(event=event, title="Plus tard", start=at("15:00"), end=at("16:00"))
    response = organiser_client.get(admin_url("events.session", "changelist"))
    assert list(response.context["cl"].result_list) == [agenda["session"], later]
    # Sessions each filter must leave out: a workshop in another room and theme, and a
    # session of another edition, on another day.
    workshop = SessionFactory(
        event=event, kind=Session.Kind.WORKSHOP, title="Atelier", start=at("11:00"), end=at("12:00")
    )
    next_year = EventFactory(slug="next-edition", date=event.date + dt.timedelta(days=364))
    elsewhere = SessionFactory(event=next_year, start=at("09:00", next_year.date), end=at("10:00", next_year.date))
    opening = agenda["session"]
    expected = {
        "kind=plenary": [opening, later],
        "kind=workshop": [workshop],
        f"theme__id__exact={opening.theme_id}": [opening],
        f"room__id__exact={workshop.room_id}": [workshop],
        f"day={event.date.isoformat()}": [opening, workshop, later],
        f"day={next_year.date.isoformat()}": [],
        "day=not-a-date": [],
        "q=Plus": [later],
    }
    for query, sessions in expected.items():
        response = organiser_client.get(admin_url("events.session", "changelist") + "?" + query)
        assert response.status_code == 200, query
        assert {session.pk for session in response.context["cl"].result_list} == {s.pk for s in sessions}, query
    # The back office shows one edition at a time: the next one's sessions under its address.
    response = organiser_client.get(
        f"/en/{next_year.edition}" + admin_url("events.session", "changelist").removeprefix("/en")
    )
    assert [session.pk for session in response.context["cl"].result_list] == [elsewhere.pk]
    assert f'href="/en/{event.edition}/admin/events/session/"' in response.content.decode()


@pytest.mark.parametrize("session_count", [1, 30])
def test_session_changelist_query_count_is_constant(organiser_client, django_assert_max_num_queries, session_count):
    event = EventFactory()
    for index in range(session_count):
        SessionFactory(event=event, start=at("09:00"), end=at("10:00"), speakers=[SpeakerFactory()])
        del index
    # (the current edition, and the editions of the header's switcher: one query each)
    with django_assert_max_num_queries(16):
        organiser_client.get(admin_url("events.session", "changelist"))


def session_form_data(session: Session, **changes) -> dict:
    data = {
        "event": session.event_id,
        "kind": session.kind,
        "title_fr": session.title_fr,
        "title_en": session.title_en or "",
        "slug": session.slug,
        "language": session.language,
        "theme": session.theme_id or "",
        "abstract_fr": session.abstract_fr,
        "abstract_en": session.abstract_en or "",
        "start_0": EVENT_DATE.isoformat(),
        "start_1": "09:00",
        "end_0": EVENT_DATE.isoformat(),
        "end_1": "10:00",
        "room": session.room_id or "",
        "capacity": session.capacity or "",
        "speakers": [speaker.pk for speaker in session.speakers.all()],
    }
    data.update(changes)
    return data


def test_admin_refuses_a_speaker_double_booked(organiser_client):
    event = EventFactory()
    speaker = SpeakerFactory(name="Valérie Exemple")
    SessionFactory(event=event, title="Le droit", start=at("09:00"), end=at("10:00"), speakers=[speaker])
    other = SessionFactory(event=event, start=at("11:00"), end=at("12:00"))
    response = organiser_client.post(
        admin_url("events.session", "change", other.pk),
        session_form_data(other, speakers=[speaker.pk], start_1="09:30", end_1="10:30"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["speakers"] == [
        "Valérie Exemple already speaks in “Le droit” at that time."
    ]
    other.refresh_from_db()
    assert list(other.speakers.all()) == []


def test_admin_moving_a_session_while_removing_the_clashing_speaker_is_allowed(organiser_client):
    event = EventFactory()
    speaker = SpeakerFactory()
    SessionFactory(event=event, start=at("09:00"), end=at("10:00"), speakers=[speaker])
    other = SessionFactory(event=event, start=at("11:00"), end=at("12:00"), speakers=[speaker])
    response = organiser_client.post(
        admin_url("events.session", "change", other.pk),
        session_form_data(other, speakers=[], start_1="09:30", end_1="10:30"),
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.start, list(other.speakers.all())) == (at("09:30"), [])


def test_admin_refuses_a_workshop_larger_than_its_room(organiser_client):
    room = RoomFactory(capacity=20)
    workshop = SessionFactory(event=room.event, room=room, kind=Session.Kind.WORKSHOP, theme=ThemeFactory())
    response = organiser_client.post(
        admin_url("events.session", "change", workshop.pk), session_form_data(workshop, capacity=21)
    )
    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors
    workshop.refresh_from_db()
    assert workshop.capacity == 20


def test_organisers_group_cannot_manage_accounts(organiser_client):
    assert organiser_client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert organiser_client.get(reverse("admin:auth_group_changelist")).status_code == 403
