"""Share my journey: who sees whom, what they see, messages through the outbox, limits, blocks."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from footprint import journeys
from footprint.models import JourneyBlock, JourneyMessage, TravelDeclaration
from footprint.towns import find_town
from mail.models import OutgoingEmail
from techforclimate.privacy import delete_account, personal_data
from tests.concurrency import run_concurrently
from tests.factories import EventFactory, RegistrationFactory, TravelDeclarationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/my-registration/share-my-journey/"


def french(url_name: str) -> str:
    # The French paths come with the French catalogue: read them as the site does.
    with translation.override("fr"):
        return reverse(url_name)


def traveller(first_name, *, town=None, mode="car_thermal", train_line="", shares=True, **registration):
    """A confirmed attendee's trip, from a real town of footprint.towns."""
    registration = RegistrationFactory(
        event=EventFactory(), first_name=first_name, last_name=f"{first_name}-Surname", **registration
    )
    place = find_town(town) if town else None
    return TravelDeclarationFactory(
        registration=registration,
        town=str(place) if place else "",
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        distance_km=None if place else 30,
        mode=mode,
        train_line=train_line,
        shares_journey=shares,
    )


def names(declaration):
    return [companion.first_name for companion in journeys.companions(declaration)]


def test_cars_from_29_km_apart_match_and_from_31_km_do_not():
    evry = traveller("Eve", town="Évry")
    versailles = traveller("Vera", town="Versailles", mode="car_electric")  # 29.4 km from Évry
    traveller("Sue", town="Suresnes")  # 30.7 km from Évry
    assert names(evry) == ["Vera"]
    assert "Eve" in names(versailles)


def test_the_same_train_line_matches_and_another_does_not():
    rer_b = traveller("Bea", mode="rer", train_line="rer_b")
    traveller("Bob", mode="ter", train_line="rer_b")
    traveller("Cid", mode="rer", train_line="rer_c")
    traveller("Dan", mode="car_thermal", town="Paris")
    assert names(rer_b) == ["Bob"]


def test_only_opted_in_confirmed_attendees_are_shown():
    mine = traveller("Ann", mode="tgv", train_line="gare_de_lyon")
    traveller("Ned", mode="tgv", train_line="gare_de_lyon", shares=False)
    traveller("Wes", mode="tgv", train_line="gare_de_lyon", status="waitlisted", queued_at=timezone.now())
    cancelled = traveller("Cal", mode="tgv", train_line="gare_de_lyon")
    assert names(mine) == ["Cal"]
    cancelled.registration.status = "cancelled"
    cancelled.registration.save()
    assert names(mine) == []


def test_opting_out_removes_someone_from_every_match_at_once(client):
    mine = traveller("Ann", mode="tgv", train_line="gare_du_nord")
    other = traveller("Ola", mode="intercites", train_line="gare_du_nord")
    client.force_login(other.registration.user)
    assert "Ann" in client.get(PAGE).content.decode()
    client.force_login(mine.registration.user)
    response = client.post("/en/my-registration/share-my-journey/sharing/", {"share": "no"})
    assert response.status_code == 302
    client.force_login(other.registration.user)
    assert "Ann" not in client.get(PAGE).content.decode()
    assert names(other) == []


def test_the_page_shows_first_name_organisation_and_town_and_never_an_address_or_last_name(client):
    mine = traveller("Ann", town="Évry")
    other = traveller("Vera", town="Versailles", organisation="Mines & Métaux")
    client.force_login(mine.registration.user)
    page = client.get(PAGE).content.decode()
    assert "Vera" in page
    assert "Mines &amp; Métaux" in page
    assert "Versailles" in page
    assert other.registration.last_name not in page
    assert other.registration.user.email not in page


def send(client, sender, recipient, body="On part ensemble ?"):
    client.force_login(sender.registration.user)
    return client.post(PAGE, {"recipient": recipient.pk, "body": body})


def test_a_message_queues_one_email_that_never_reveals_the_senders_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sender = traveller("Ann", mode="rer", train_line="rer_a")
    recipient = traveller("Ola", mode="rer", train_line="rer_a", organisation="Constellation")
    recipient.registration.user.language = "fr"
    recipient.registration.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, sender, recipient, "<b>Bonjour</b> & à demain, RER A 8 h 02 ?")
    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(kind="journey_message").count() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [recipient.registration.user.email]
    raw = message.message().as_string()
    assert sender.registration.user.email not in raw
    assert "Reply-To" not in raw
    assert message.body.startswith("Bonjour Ola,")  # in the recipient's language
    assert "Ann (Exemple SA)" in message.body
    assert "Ann" in message.subject
    assert "<b>Bonjour</b> & à demain, RER A 8 h 02 ?" in message.body
    html = message.alternatives[0][0]
    assert "&lt;b&gt;Bonjour&lt;/b&gt; &amp; à demain" in html
    assert "<b>Bonjour</b>" not in html
    assert f"{french('footprint:journeys')}#traveller-{sender.pk}" in message.body
    assert sender.registration.last_name not in raw


def test_the_sixth_message_in_an_hour_is_refused_and_kept(client):
    sender = traveller("Ann", mode="rer", train_line="rer_d")
    others = [traveller(name, mode="rer", train_line="rer_d") for name in ("Bea", "Cid", "Dan", "Eli", "Fay", "Gus")]
    for other in others[:5]:
        assert send(client, sender, other).status_code == 302
    response = send(client, sender, others[5], "Le sixième message")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent many messages in a short time" in page
    assert "Le sixième message" in page
    assert JourneyMessage.objects.count() == 5


def test_a_pair_gets_at_most_three_messages_a_day():
    sender = traveller("Ann", mode="rer", train_line="rer_e")
    recipient = traveller("Bea", mode="rer", train_line="rer_e")
    long_ago = timezone.now() - dt.timedelta(hours=3)
    for _ in range(3):
        JourneyMessage.objects.create(sender=sender, recipient=recipient, body="…")
    JourneyMessage.objects.update(created_at=long_ago)
    with pytest.raises(journeys.JourneyError) as refused:
        journeys.send_message(sender, recipient.pk, "Encore moi")
    assert refused.value.code == "too_many_to_them"


def test_a_block_hides_both_and_refuses_messages(client):
    sender = traveller("Ann", mode="ter", train_line="saint_lazare")
    recipient = traveller("Bea", mode="ter", train_line="saint_lazare")
    client.force_login(recipient.registration.user)
    client.post("/en/my-registration/share-my-journey/block/", {"person": sender.pk})
    assert JourneyBlock.objects.filter(blocker=recipient, blocked=sender).exists()
    assert "Ann" not in client.get(PAGE).content.decode()
    response = send(client, sender, recipient)
    assert response.status_code == 400
    assert "This person no longer shares their journey with you." in response.content.decode()
    assert "Bea" not in client.get(PAGE).content.decode()
    assert JourneyMessage.objects.count() == 0


def test_someone_who_wrote_can_be_blocked_after_leaving_the_match(client):
    sender = traveller("Ann", mode="ter", train_line="montparnasse")
    recipient = traveller("Bea", mode="ter", train_line="montparnasse")
    journeys.send_message(sender, recipient.pk, "Bonjour")
    TravelDeclaration.objects.filter(pk=sender.pk).update(train_line="austerlitz")
    journeys.block(recipient, sender.pk)
    assert JourneyBlock.objects.count() == 1


def test_an_empty_or_too_long_message_is_refused_in_the_users_language(client):
    sender = traveller("Ann", mode="tgv", train_line="gare_de_l_est")
    recipient = traveller("Bea", mode="tgv", train_line="gare_de_l_est")
    assert "This field is required." in send(client, sender, recipient, "  ").content.decode()
    response = send(client, sender, recipient, "x" * 1001)
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert JourneyMessage.objects.count() == 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_in_both_languages(client, language):
    mine = traveller("Ann", mode="tgv", train_line="bercy")
    traveller("Bea", mode="tgv", train_line="bercy")
    client.force_login(mine.registration.user)
    response = client.get(PAGE if language == "en" else french("footprint:journeys"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert ("Back to my registration" if language == "en" else "Retour à mon inscription") in page
    assert "Bea" in page


def test_login_is_required(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_someone_without_a_trip_gets_a_clear_page(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "You have not declared your trip yet." in response.content.decode()
    client.force_login(UserFactory())
    assert "Sharing a journey is for attendees with a confirmed seat." in client.get(PAGE).content.decode()


def test_the_travel_form_opts_in_with_a_train_line(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    trip = {"town": "Lille", "mode": "tgv", "train_line": "gare_du_nord", "return_trip": "on", "meal": "vegan"}
    client.post("/en/my-registration/trip/", trip | {"shares_journey": "on"})
    declaration = TravelDeclaration.objects.get()
    assert (declaration.train_line, declaration.shares_journey) == ("gare_du_nord", True)
    client.post("/en/my-registration/trip/", trip | {"mode": "car_thermal"})
    declaration.refresh_from_db()
    assert (declaration.train_line, declaration.shares_journey) == ("", False)


@pytest.mark.parametrize("others", [1, 12])
def test_the_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, others):
    mine = traveller("Ann", mode="tgv", train_line="gare_de_lyon")
    for index in range(others):
        other = traveller(f"Bea{index}", mode="tgv", train_line="gare_de_lyon")
        JourneyMessage.objects.create(sender=other, recipient=mine, body="Bonjour")
    client.force_login(mine.registration.user)
    with django_assert_max_num_queries(12):
        page = client.get(PAGE).content.decode()
    assert page.count('<article class="journey-card" id="traveller-') == others


def test_the_trip_section_links_to_the_page(client):
    mine = traveller("Ann", mode="tgv", train_line="gare_de_lyon")
    client.force_login(mine.registration.user)
    assert f'href="{PAGE}"' in client.get("/en/my-registration/").content.decode()


def test_deleting_an_account_removes_its_journey_messages_and_leaves_every_match(client):
    mine = traveller("Ann", mode="ter", train_line="rer_c")
    other = traveller("Bea", mode="ter", train_line="rer_c")
    journeys.send_message(mine, other.pk, "Bonjour Bea")
    journeys.send_message(other, mine.pk, "Bonjour Ann")
    exported = personal_data(mine.registration.user)["registrations"][0]["travel"]
    assert exported["journey_messages_sent"][0]["message"] == "Bonjour Bea"
    delete_account(mine.registration.user)
    assert JourneyMessage.objects.count() == 0
    assert names(other) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_messages_never_pass_the_hourly_limit_on_postgresql():
    sender = traveller("Ann", mode="rer", train_line="transilien")
    others = [traveller(f"P{index}", mode="rer", train_line="transilien") for index in range(10)]
    errors = run_concurrently(lambda other: journeys.send_message(sender, other.pk, "On y va ?"), others, threads=5)
    assert JourneyMessage.objects.count() == journeys.MESSAGES_PER_HOUR
    assert {error.code for error in errors} == {"too_many"}
    assert OutgoingEmail.objects.filter(kind="journey_message").count() == journeys.MESSAGES_PER_HOUR
