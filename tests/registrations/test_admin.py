import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event
from registrations.models import Registration
from tests.edition import REGISTRATION_CLOSES, REGISTRATION_OPENS
from tests.factories import EventFactory, RegistrationFactory, UserFactory, at

pytestmark = pytest.mark.django_db(transaction=True)


def event_form(event, **changes):
    data = {
        "name": event.name,
        "slug": event.slug,
        "tagline_fr": event.tagline_fr or "",
        "description_fr": event.description_fr or "",
        "is_published": "on",
        "date": event.date.isoformat(),
        "doors_open_at": "08:30",
        "closes_at": "18:30",
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "capacity": event.capacity,
        "registration_opens_at_0": REGISTRATION_OPENS.date().isoformat(),
        "registration_opens_at_1": "10:00",
        "registration_closes_at_0": REGISTRATION_CLOSES.date().isoformat(),
        "registration_closes_at_1": "18:00",
        "registration_mode": event.registration_mode,
        "contact_email": event.contact_email,
        **{
            rule: getattr(event, rule)
            for rule in [
                "offers_start_days_before",
                "offer_window_hours",
                "promotion_cutoff_hours",
                "check_in_opens_days_before",
                "reconfirmation_days_before",
                "reconfirmation_reminder_days_before",
                "expected_show_rate",
            ]
        },
        "show_rates": "{}",
        "invitations_can_be_passed_on": "on",
        "rooms-TOTAL_FORMS": "0",
        "rooms-INITIAL_FORMS": "0",
        "reservations-TOTAL_FORMS": "0",
        "reservations-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(organiser_client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", queued_at=at("10:00"), confirmed_at=None)
    mail.outbox.clear()

    response = organiser_client.post(
        reverse("admin:events_event_change", args=[event.pk]), event_form(event, capacity=2), follow=True
    )

    assert response.status_code == 200
    assert "1 person was promoted from the waiting list and told by e-mail." in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


def test_lowering_capacity_in_the_admin_removes_nobody(organiser_client):
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(3, event=event)
    organiser_client.post(reverse("admin:events_event_change", args=[event.pk]), event_form(event, capacity=1))
    event.refresh_from_db()
    assert event.capacity == 1
    assert Registration.objects.confirmed().count() == 3


def test_organiser_sees_registrations_but_cannot_add_one(organiser_client):
    RegistrationFactory(user=UserFactory(email="inscrite@example.org"))
    page = organiser_client.get(reverse("admin:registrations_registration_changelist"))
    assert page.status_code == 200
    assert "inscrite@example.org" in page.content.decode()
    assert organiser_client.get(reverse("admin:registrations_registration_add")).status_code == 403


def test_the_registration_list_shows_places_in_line_in_a_constant_number_of_queries(
    organiser_client, django_assert_max_num_queries
):
    import datetime as dt

    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, last_name="Assise")
    for minute in (5, 1, 3):  # joined out of id order: the list follows the time they joined
        RegistrationFactory(
            event=event,
            last_name=f"Attente{minute}",
            status="waitlisted",
            confirmed_at=None,
            queued_at=at("10:00") + dt.timedelta(minutes=minute),
        )
    url = "/en/admin/registrations/registration/?status__exact=waitlisted&o=6"
    # (two of them: the edition the list is about, and the editions of the header's switcher)
    with django_assert_max_num_queries(14) as few:
        page = organiser_client.get(url).content.decode()
    RegistrationFactory.create_batch(20, event=event, status="waitlisted", confirmed_at=None, queued_at=at("11:00"))
    with django_assert_max_num_queries(len(few)):
        organiser_client.get(url)
    # Sorted by place in line (the sixth column): 1, 2, 3, each next to the right person.
    rows = page.split("<tbody>")[1].split("<tr>")[1:]
    assert [("Attente1" in row, "Attente3" in row, "Attente5" in row) for row in rows[:3]] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    assert all(f'<td class="field-waiting_position">{n}</td>' in rows[n - 1] for n in (1, 2, 3))
    # The status filter shows the waiting list only: not the confirmed attendee.
    assert len(rows) == 3
    assert "Assise" not in page


@pytest.mark.parametrize(
    "rates", ["null", "[80]", '{"client": "x"}', '{"client": 180}', '"80"', '{"\\u0000": 80}', '{"a b": 1}']
)
def test_a_table_of_show_rates_that_is_not_one_is_a_form_error(organiser_client, rates):
    event = EventFactory()
    url = reverse("admin:events_event_change", args=[event.pk])
    response = organiser_client.post(url, event_form(event, show_rates=rates))
    assert response.status_code == 200 and "for example {&quot;client&quot;: 80}" in response.content.decode()
    event.refresh_from_db()
    assert event.show_rates == {}


def test_a_table_of_show_rates_stored_before_it_was_checked_counts_as_not_entered(event):
    Event.objects.filter(pk=event.pk).update(show_rates=["80"])
    event.refresh_from_db()
    assert event.show_rate_for("client") == event.expected_show_rate
