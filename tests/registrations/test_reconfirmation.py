"""Reconfirmation: the e-mail a week before with its two one-click links, the reminder, the
answers without login (a GET changes nothing, an altered link is refused, a replay is
harmless), the release of the seats of those who did not answer, the dashboard's figures and
the caterer's count."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from backoffice.dashboard import answers_per_category, lunch_count
from mail.models import OutgoingEmail
from mail.rendering import render
from registrations import reconfirmation
from registrations.models import Registration
from tests.edition import EVENT_DATE, days_before_the_event
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    at,
)

pytestmark = pytest.mark.django_db
EVENT_CAPACITY = 3

# The factories' event: asked 7 days before, reminded 3 days before.
ASKED_AT = days_before_the_event(7, "09:30")
REMINDED_AT = days_before_the_event(3, "09:30")
ASK_DAY, REMIND_DAY = ASKED_AT.date(), REMINDED_AT.date()
LATER = days_before_the_event(2)
ANSWER_BY = REMIND_DAY.isoformat()


def emails(kind):
    return OutgoingEmail.objects.filter(kind=kind)


def links_of(registration, kind="reconfirmation", language="en"):
    """The two links of the e-mail as the person reads it, as paths."""
    email = emails(kind).get(registration=registration)
    email.language = language
    text = render(email).text
    found = re.findall(r"https?://[^/\s]+(/\S*reconfirm\S*/)", text)
    assert len(found) == 2, text
    return {"coming": found[0], "free": found[1]}


@pytest.fixture
def full_event(event):
    """Three confirmed (two clients, one partner), one person waiting."""
    people = [
        RegistrationFactory(event=event, category="client"),
        RegistrationFactory(event=event, category="client"),
        RegistrationFactory(event=event, category="partner"),
    ]
    waiting = RegistrationFactory(event=event, status="waitlisted", queued_at=at("10:00"), confirmed_at=None)
    return people, waiting


@pytest.fixture
def asked(full_event):
    people, waiting = full_event
    reconfirmation.send_reconfirmation_requests(today=ASK_DAY, now=ASKED_AT)
    return people, waiting


# --- The e-mails --------------------------------------------------------------------------------


def test_every_confirmed_person_is_asked_once_on_the_day(full_event):
    people, waiting = full_event
    assert reconfirmation.send_reconfirmation_requests(today=ASK_DAY - dt.timedelta(days=1)) == 0
    assert reconfirmation.send_reconfirmation_requests(today=ASK_DAY, now=ASKED_AT) == 3
    assert reconfirmation.send_reconfirmation_requests(today=ASK_DAY) == 0
    assert reconfirmation.send_reconfirmation_requests(today=ASK_DAY + dt.timedelta(days=1)) == 0
    assert sorted(emails("reconfirmation").values_list("object_id", flat=True)) == sorted(p.pk for p in people)
    assert not Registration.objects.get(pk=waiting.pk).reconfirmation_sent_at
    assert Registration.objects.get(pk=people[0].pk).reconfirmation_sent_at == ASKED_AT


def test_the_e_mail_has_the_two_links_in_the_persons_language(asked):
    person = asked[0][0]
    email = emails("reconfirmation").get(registration=person)
    rendered = render(email)
    assert rendered.subject == "Tech For Climate: are you still coming?"
    assert "I am coming:" in rendered.text and "free my seat" in rendered.text
    english, french = links_of(person, language="en"), links_of(person, language="fr")
    assert english["coming"].startswith("/en/") and not french["coming"].startswith("/en/")
    assert english["coming"] != english["free"]


def test_someone_confirmed_after_the_day_is_asked_on_the_next_run(asked, event):
    late = RegistrationFactory(event=event)
    assert reconfirmation.send_reconfirmation_requests(today=ASK_DAY + dt.timedelta(days=1)) == 1
    assert emails("reconfirmation").filter(registration=late).count() == 1


def test_those_who_did_not_answer_get_one_reminder(asked, client):
    people, _ = asked
    client.post(links_of(people[0])["coming"])
    assert reconfirmation.send_reconfirmation_reminders(today=REMIND_DAY - dt.timedelta(days=1)) == 0
    assert reconfirmation.send_reconfirmation_reminders(today=REMIND_DAY) == 2
    assert reconfirmation.send_reconfirmation_reminders(today=REMIND_DAY) == 0
    assert reconfirmation.send_reconfirmation_reminders(today=REMIND_DAY + dt.timedelta(days=1)) == 0
    reminded = set(emails("reconfirmation_reminder").values_list("object_id", flat=True))
    assert reminded == {str(people[1].pk), str(people[2].pk)} or reminded == {people[1].pk, people[2].pk}
    assert render(emails("reconfirmation_reminder").first()).subject.startswith("Reminder")
    # The reminder's links work as the first e-mail's do.
    assert client.post(links_of(people[1], kind="reconfirmation_reminder")["coming"]).status_code == 302
    assert Registration.objects.get(pk=people[1].pk).reconfirmed_at is not None


def test_no_reminder_on_the_day_of_a_late_first_request(event):
    late = RegistrationFactory(event=event)
    reconfirmation.send_reconfirmation_requests(today=REMIND_DAY, now=REMINDED_AT)
    assert reconfirmation.send_reconfirmation_reminders(today=REMIND_DAY) == 0
    assert reconfirmation.send_reconfirmation_reminders(today=REMIND_DAY + dt.timedelta(days=1)) == 1
    assert emails("reconfirmation_reminder").get().about == late


# --- The answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_get_changes_nothing_and_shows_one_button(asked, language):
    person = asked[0][0]
    client = Client()
    for path in links_of(person, language=language).values():
        for _ in range(2):
            response = client.get(path)
            page = response.content.decode()
            assert response.status_code == 200
            assert page.count("<form") == 1 and 'method="post"' in page and "csrfmiddlewaretoken" in page
            assert f'lang="{language}"' in page
    english = links_of(person)
    assert "Yes, I am coming" in client.get(english["coming"]).content.decode()
    assert "Yes, free my seat" in client.get(english["free"]).content.decode()
    person.refresh_from_db()
    assert (person.status, person.reconfirmed_at, person.freed_at) == ("confirmed", None, None)
    assert not OutgoingEmail.objects.exclude(kind="reconfirmation").exists()


def test_i_am_coming_works_without_login_and_a_replay_is_harmless(asked):
    person = asked[0][0]
    client = Client()  # nobody logged in
    path = links_of(person)["coming"]
    assert client.post(path).status_code == 302
    first = Registration.objects.get(pk=person.pk).reconfirmed_at
    assert first is not None
    assert client.post(path).status_code == 302
    assert Registration.objects.get(pk=person.pk).reconfirmed_at == first
    page = client.get(path).content.decode()
    assert "your seat is reconfirmed" in page and "<form" not in page


def test_free_my_seat_gives_it_to_the_waiting_list_and_cannot_be_reconfirmed_after(asked):
    (person, *_), waiting = asked
    client = Client()
    links = links_of(person)
    assert client.post(links["free"]).status_code == 302
    person.refresh_from_db()
    assert person.status == "cancelled" and person.freed_at is not None
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert emails("promoted").filter(registration=waiting).count() == 1
    # A replay: nothing more happens, the page says where things stand.
    assert client.post(links["free"]).status_code == 302
    assert emails("cancelled").filter(registration=person).count() == 1
    assert "has been freed" in client.get(links["free"]).content.decode()
    # "I am coming" after the seat was freed: refused, still freed.
    response = client.post(links["coming"])
    assert response.status_code == 409
    assert "can no longer be reconfirmed" in response.content.decode()
    assert Registration.objects.get(pk=person.pk).status == "cancelled"


def test_a_reconfirmed_person_may_still_free_their_seat(asked):
    person = asked[0][0]
    client = Client()
    client.post(links_of(person)["coming"])
    client.post(links_of(person)["free"])
    assert Registration.objects.get(pk=person.pk).status == "cancelled"


def altered(path: str) -> list[str]:
    token = path.rstrip("/").rsplit("/", 1)[1]
    base = path[: -len(token) - 1]
    value, signature = token.rsplit(":", 1)
    forged_payload = signing.b64_encode(b'[1,"coming",1]').decode()
    return [
        f"{base}{token[:-2]}xx/",  # the signature altered
        f"{base}{forged_payload}:{value.split(':')[-1]}:{signature}/",  # another registration
        f"{base}not-a-token/",
        f"{base}{signing.dumps([1, 'coming', 1], salt='techforclimate.badge')}/",  # another purpose's key
    ]


def test_an_altered_link_is_refused_and_changes_nothing(asked):
    person = asked[0][0]
    client = Client()
    for path in altered(links_of(person)["free"]):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 400, path
            assert "This link is not valid" in response.content.decode()
    assert Registration.objects.filter(status="cancelled").count() == 0


def test_a_link_of_a_seat_that_changed_hands_is_refused(asked):
    person = asked[0][0]
    path = links_of(person)["free"]
    Registration.objects.filter(pk=person.pk).update(badge_version=2)
    assert Client().post(path).status_code == 400
    assert Registration.objects.get(pk=person.pk).status == "confirmed"


def test_the_links_do_nothing_once_the_event_is_over(asked):
    person = asked[0][0]
    with pytest.raises(reconfirmation.RegistrationError) as refused:
        reconfirmation.free_seat(person, now=at("19:00"))
    assert refused.value.code == "event_over"
    assert Registration.objects.get(pk=person.pk).status == "confirmed"


def test_the_page_in_french(asked):
    person = asked[0][0]
    page = Client().get(links_of(person, language="fr")["coming"]).content.decode()
    assert 'lang="fr"' in page
    with translation.override("fr"):
        assert str(translation.gettext("My registration")) in page


# --- The organisers' release ---------------------------------------------------------------------


def release_url(language="en"):
    with translation.override(language):
        return reverse("admin:registrations_registration_release")


def test_release_previews_then_releases_only_those_who_did_not_answer(asked, organiser_client, clock):
    (answered, silent, partner), waiting = asked
    reconfirmation.reconfirm(answered, now=LATER)
    clock.move_to(LATER)
    preview = organiser_client.post(release_url(), {"answer_by": ANSWER_BY, "preview": "1"})
    page = preview.content.decode()
    assert "2 people have not answered." in page
    assert silent.last_name in page and partner.last_name in page and answered.last_name not in page
    assert Registration.objects.filter(status="cancelled").count() == 0  # a preview changes nothing
    # Meanwhile the partner answers: left alone.
    reconfirmation.reconfirm(partner, now=LATER)
    response = organiser_client.post(
        release_url(),
        {"answer_by": ANSWER_BY, "confirm": "1", "registration": [silent.pk, partner.pk, answered.pk]},
    )
    assert response.status_code == 302
    assert set(Registration.objects.filter(status="cancelled").values_list("pk", flat=True)) == {silent.pk}
    silent.refresh_from_db()
    assert silent.freed_at is not None
    assert emails("seat_released").get().about == silent
    assert not emails("cancelled").exists()
    # The waiting list moves under its rules: in the last week the seat is offered to the next.
    assert Registration.objects.get(pk=waiting.pk).status in {"confirmed", "offered"}
    assert "your seat has been released" in render(emails("seat_released").get()).subject


def test_release_only_once_the_chosen_date_has_passed(asked, organiser_client, clock):
    silent = asked[0][1]
    clock.move_to(days_before_the_event(3, "12:00"))
    for step in ("preview", "confirm"):
        response = organiser_client.post(
            release_url(), {"answer_by": ANSWER_BY, step: "1", "registration": [silent.pk]}
        )
        assert "only once the date you chose has passed" in response.content.decode()
    assert Registration.objects.get(pk=silent.pk).status == "confirmed"


def test_release_page_in_french_and_behind_the_change_permission(asked, organiser_client):
    page = organiser_client.get(release_url("fr")).content.decode()
    assert 'lang="fr"' in page and 'name="answer_by"' in page
    assert organiser_client.get(release_url("en")).status_code == 200
    # Staff without the registrations' rights do not get the page.
    other = Client()
    other.force_login(UserFactory(is_staff=True))
    response = other.get(release_url())
    assert response.status_code != 200 and 'name="answer_by"' not in response.content.decode()


# --- The dashboard and the caterer -------------------------------------------------------------------


def test_dashboard_figures_per_category(asked, organiser_client):
    (coming, freeing, _), _waiting = asked
    # Today, long before the last week: the freed seat is given at once, not offered.
    reconfirmation.reconfirm(coming)
    reconfirmation.free_seat(freeing)
    figures = {row.category: row for row in answers_per_category(coming.event)}
    # The freed client seat went to the waiting person (a client, not yet asked).
    assert (figures["client"].reconfirmed, figures["client"].not_answered, figures["client"].freed) == (1, 1, 1)
    assert figures["client"].asked == 0
    assert (figures["partner"].reconfirmed, figures["partner"].not_answered, figures["partner"].asked) == (0, 1, 1)
    for language in ("en", "fr"):
        with translation.override(language):
            page = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
        assert 'id="reconfirmation-title"' in page
    assert '<th scope="row">Client</th><td>1</td><td>1</td><td>0</td><td>1</td>' in (
        organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    )


def test_dashboard_query_count_does_not_grow_with_the_answers(organiser_client):
    def queries(count):
        event = EventFactory(slug=f"edition-{count}", capacity=400, date=EVENT_DATE)
        registrations = RegistrationFactory.create_batch(count, event=event)
        Registration.objects.filter(pk__in=[r.pk for r in registrations[::2]]).update(reconfirmed_at=LATER)
        Registration.objects.filter(pk__in=[r.pk for r in registrations[1::3]]).update(
            status="cancelled", freed_at=LATER
        )
        with CaptureQueriesContext(connection) as captured:
            figures = answers_per_category(event)
        assert sum(row.reconfirmed + row.not_answered + row.freed for row in figures) == count
        return len(captured)

    assert queries(5) == queries(60) == 1


def test_the_caterer_count_shows_its_arithmetic(event, organiser_client):
    event.capacity, event.show_rates = 30, {"partner": 90}
    event.save()
    for _ in range(10):
        RegistrationFactory(event=event, category="client", reconfirmed_at=LATER)
    for _ in range(4):
        RegistrationFactory(event=event, category="client")
    for _ in range(3):
        RegistrationFactory(event=event, category="partner")
    count = lunch_count(event)
    lines = {line.category: line for line in count["lines"]}
    assert (lines["client"].expected, lines["partner"].expected) == (Decimal("13.4"), Decimal("2.7"))
    assert (count["total"], count["past_edition"]) == (17, None)  # 16.1, rounded up
    with translation.override("en"):
        page = organiser_client.get(reverse("admin:registrations_registration_catering")).content.decode()
    assert "17 lunches to order." in page
    assert "10 + 4 × 85 % = 13.4" in page and "0 + 3 × 90 % = 2.7" in page
    with translation.override("fr"):
        page = organiser_client.get(reverse("admin:registrations_registration_catering")).content.decode()
    assert 'lang="fr"' in page and "10 + 4 × 85 % = 13,4" in page


def test_the_measured_rate_of_a_past_edition_is_proposed(event, organiser_client):
    past = EventFactory(slug="last-year", date=EVENT_DATE - dt.timedelta(days=364), is_published=False)
    clients = [RegistrationFactory(event=past, category="client") for _ in range(4)]
    partners = [RegistrationFactory(event=past, category="partner") for _ in range(2)]
    for registration in [*clients[:3], partners[0]]:
        CheckInFactory(registration=registration)
    RegistrationFactory(event=event, category="client")
    count = lunch_count(event)
    lines = {line.category: line for line in count["lines"]}
    assert count["past_edition"] == past
    assert (lines["client"].measured_rate, lines["partner"].measured_rate, lines["press"].measured_rate) == (
        75,
        50,
        None,
    )
    assert lines["client"].show_rate == 85  # the setting is used until the organiser changes it
    page = organiser_client.get(reverse("admin:registrations_registration_catering")).content.decode()
    assert f"Measured at Tech For Climate ({past.date.year})" in page and "<td>75 %</td>" in page


def test_the_reconfirmation_filter_shows_who_answered(organiser_client, event):
    answered = RegistrationFactory(event=event, last_name="Answered", reconfirmed_at=ASKED_AT)
    RegistrationFactory(event=event, last_name="Silent")
    listing = "/en/admin/registrations/registration/?reconfirmation="
    reconfirmed = organiser_client.get(listing + "reconfirmed").content.decode()
    silent = organiser_client.get(listing + "not_answered").content.decode()
    assert answered.last_name in reconfirmed and "Silent" not in reconfirmed
    assert "Silent" in silent and "Answered" not in silent
