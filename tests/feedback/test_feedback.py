"""The day after: who is asked (checked in, with an account) and about which sessions, the
e-mail once, the signed link (replayed, altered, used by another person, after 14 days), the
ratings 1 to 5, the organisers' results and CSV without names, and each speaker's own results
once the event is over."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from day.models import WorkshopAttendance
from events.models import Session
from feedback import services
from feedback.models import DayFeedback, SessionFeedback
from mail.models import OutgoingEmail
from mail.rendering import render
from registrations.models import Registration
from tests.concurrency import run_concurrently
from tests.edition import EVENT_DATE, days_after_the_event
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
)

pytestmark = pytest.mark.django_db

# The sweep runs the morning after the factories' event.
EVENT_DAY = EVENT_DATE
MORNING_AFTER = days_after_the_event(1, "09:00")
DAY_AFTER = MORNING_AFTER.date()


@pytest.fixture
def programme(event):
    plenary = SessionFactory(event=event, title="Ouverture", start=at("09:00"), end=at("10:00"))
    scanned = SessionFactory(
        event=event, kind=Session.Kind.WORKSHOP, title="Atelier scanné", start=at("11:00"), end=at("12:00")
    )
    booked = SessionFactory(
        event=event, kind=Session.Kind.WORKSHOP, title="Atelier réservé", start=at("14:00"), end=at("15:00")
    )
    other = SessionFactory(
        event=event, kind=Session.Kind.WORKSHOP, title="Autre atelier", start=at("14:00"), end=at("15:00")
    )
    lunch = SessionFactory(
        event=event, kind=Session.Kind.LUNCH, title="Déjeuner", room=None, start=at("12:00"), end=at("13:00")
    )
    return {"plenary": plenary, "scanned": scanned, "booked": booked, "other": other, "lunch": lunch}


def attendee(event, programme):
    """Checked in, scanned into one workshop, booked into another."""
    registration = RegistrationFactory(event=event)
    CheckInFactory(registration=registration)
    WorkshopAttendance.objects.create(
        registration=registration,
        session=programme["scanned"],
        booking="not_booked",
        attended_at=at("11:02"),
        recorded_by=UserFactory(),
    )
    WorkshopBookingFactory(registration=registration, session=programme["booked"])
    return registration


def asked(registration, *, ago=dt.timedelta(days=1)):
    Registration.objects.filter(pk=registration.pk).update(feedback_requested_at=timezone.now() - ago)
    registration.refresh_from_db()
    return registration


def link(registration):
    return reverse("feedback:answer", args=[services.feedback_token(registration)])


def form_data(programme, **overrides):
    data = {
        f"rating_{programme['plenary'].pk}": "4",
        f"comment_{programme['plenary'].pk}": "Très clair.",
        f"rating_{programme['scanned'].pk}": "5",
        "day_rating": "4",
        "day_comment": "Plus de pauses.",
    }
    return data | overrides


# --- Who is asked, about what --------------------------------------------------------------------


def test_the_checked_in_are_asked_about_the_plenaries_and_their_workshops_not_the_lunch(event, programme):
    registration = attendee(event, programme)
    sessions = list(services.sessions_for(registration))
    assert sessions == [programme["plenary"], programme["scanned"], programme["booked"]]


def test_the_morning_after_each_checked_in_person_with_an_account_gets_one_email(client, event, programme):
    present = attendee(event, programme)
    RegistrationFactory(event=event)  # confirmed but never came
    walk_in = RegistrationFactory(event=event, user=None, is_walk_in=True)
    CheckInFactory(registration=walk_in)
    assert services.send_feedback_requests(today=EVENT_DAY, now=MORNING_AFTER) == 0  # not on the day itself
    assert services.send_feedback_requests(today=DAY_AFTER, now=MORNING_AFTER) == 1
    email = OutgoingEmail.objects.get(kind="feedback")
    assert email.recipient == present.user.email
    text = render(email).text
    assert "what did you think?" in render(email).subject
    path = re.search(r"https?://[^/\s]+(/\S*feedback\S*/)", text).group(1)
    present.refresh_from_db()
    assert present.feedback_requested_at == MORNING_AFTER
    # The link in the e-mail opens the person's page.
    assert "Atelier scanné" in client.get(path).content.decode()


def test_a_second_sweep_sends_nothing(event, programme):
    attendee(event, programme)
    services.send_feedback_requests(today=DAY_AFTER, now=MORNING_AFTER)
    assert services.send_feedback_requests(today=DAY_AFTER, now=MORNING_AFTER) == 0
    assert services.send_feedback_requests(today=DAY_AFTER + dt.timedelta(days=1)) == 0
    assert OutgoingEmail.objects.filter(kind="feedback").count() == 1


def test_the_beat_runs_the_sweep_every_morning(settings):
    from feedback.tasks import task_send_feedback_requests

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "registrations.feedback_requests" in schedule
    assert task_send_feedback_requests() == 0


# --- The page behind the link --------------------------------------------------------------------


def test_answers_are_saved_and_shown_editable_with_a_thank_you(client, event, programme):
    registration = asked(attendee(event, programme))
    response = client.post(link(registration), form_data(programme), follow=True)
    assert "Thank you! Your answers are saved" in response.content.decode()
    assert SessionFeedback.objects.get(registration=registration, session=programme["plenary"]).rating == 4
    assert DayFeedback.objects.get(registration=registration).comment == "Plus de pauses."
    page = response.content.decode()
    assert re.search(rf'name="rating_{programme["plenary"].pk}" value="4"[^>]*checked', page)
    assert "Très clair." in page


def test_a_replayed_link_updates_the_same_answers(client, event, programme):
    registration = asked(attendee(event, programme))
    client.post(link(registration), form_data(programme))
    client.post(link(registration), form_data(programme, **{f"rating_{programme['plenary'].pk}": "2"}))
    answers = SessionFeedback.objects.filter(registration=registration, session=programme["plenary"])
    assert [answer.rating for answer in answers] == [2]
    assert SessionFeedback.objects.filter(registration=registration).count() == 2
    assert DayFeedback.objects.filter(registration=registration).count() == 1


def test_an_altered_link_is_refused(client, event, programme):
    registration = asked(attendee(event, programme))
    other = asked(attendee(event, programme))
    token = services.feedback_token(registration)
    # The other person's number, under this person's signature.
    forged = ":".join([services.feedback_token(other).split(":")[0], *token.split(":")[1:]])
    for bad in (forged, token[:-2] + "xx", "garbage"):
        response = client.post(reverse("feedback:answer", args=[bad]), form_data(programme))
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_a_link_used_by_another_logged_in_person_is_refused(client, event, programme):
    registration = asked(attendee(event, programme))
    client.force_login(UserFactory())
    response = client.post(link(registration), form_data(programme))
    assert response.status_code == 403
    assert "This link is personal" in response.content.decode()
    assert not SessionFeedback.objects.exists()
    # Its own person, logged in, may use it.
    client.force_login(registration.user)
    assert client.post(link(registration), form_data(programme)).status_code == 302


def test_after_14_days_the_feedback_is_closed_and_shows_what_was_answered(client, event, programme):
    registration = asked(attendee(event, programme), ago=dt.timedelta(days=13))
    client.post(link(registration), form_data(programme))
    asked(registration, ago=dt.timedelta(days=14, minutes=1))
    response = client.post(link(registration), form_data(programme, **{f"rating_{programme['plenary'].pk}": "1"}))
    page = response.content.decode()
    assert "The feedback for this event is closed" in page
    assert "Très clair." in page and "4 out of 5" in page
    assert "<form" not in page.split("<main", 1)[-1]
    assert SessionFeedback.objects.get(registration=registration, session=programme["plenary"]).rating == 4
    with pytest.raises(services.FeedbackError):
        services.save_answers(registration, services.Answers(day_rating=3))


@pytest.mark.parametrize("rating", ["0", "6", "-1", "abc"])
def test_ratings_outside_1_to_5_are_refused_and_nothing_typed_is_lost(client, event, programme, rating):
    registration = asked(attendee(event, programme))
    response = client.post(link(registration), form_data(programme, **{f"rating_{programme['plenary'].pk}": rating}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Très clair." in page and "Plus de pauses." in page
    assert not SessionFeedback.objects.exists()


def test_the_service_refuses_ratings_outside_1_to_5_and_sessions_not_asked_about(event, programme):
    registration = asked(attendee(event, programme))
    for answers in (
        services.Answers(sessions={programme["plenary"].pk: (6, "")}),
        services.Answers(day_rating=0),
        services.Answers(sessions={programme["other"].pk: (3, "")}),
        services.Answers(sessions={programme["lunch"].pk: (3, "")}),
    ):
        with pytest.raises(services.FeedbackError):
            services.save_answers(registration, answers)
    assert not SessionFeedback.objects.exists() and not DayFeedback.objects.exists()


def test_a_comment_needs_its_rating(client, event, programme):
    registration = asked(attendee(event, programme))
    data = form_data(programme, **{f"comment_{programme['booked'].pk}": "Trop court."})
    response = client.post(link(registration), data)
    assert response.status_code == 400
    assert "Choose a rating to go with your comment." in response.content.decode()


def test_the_page_is_in_the_language_of_the_link(client, event, programme):
    from django.utils import translation

    registration = asked(attendee(event, programme))
    with translation.override("fr"):
        path = link(registration)
    response = client.post(path, form_data(programme, **{f"rating_{programme['plenary'].pk}": "9"}))
    assert 'lang="fr"' in response.content.decode()[:200]


# --- The results ---------------------------------------------------------------------------------


@pytest.fixture
def answered(event, programme):
    """Three people answered about the opening (5, 5, 2), two with comments, and the day."""
    for rating, comment in [(5, "Inspirant."), (5, ""), (2, "Trop long.")]:
        registration = asked(attendee(event, programme))
        services.save_answers(
            registration,
            services.Answers(
                sessions={programme["plenary"].pk: (rating, comment)}, day_rating=4, day_comment="Plus de café."
            ),
        )
    return programme


def test_organisers_see_counts_distribution_table_and_comments_without_names(organiser_client, event, answered):
    response = organiser_client.get(reverse("admin:registrations_registration_feedback"))
    assert response.status_code == 200
    page = response.content.decode()
    section = page.split("Ouverture", 1)[1].split("</section>", 1)[0]
    assert "3 answers" in section
    cells = re.findall(r'<th scope="row">(\d)/5</th><td>(\d+)</td>', section)
    assert cells == [("1", "0"), ("2", "1"), ("3", "0"), ("4", "0"), ("5", "2")]
    assert "<svg" in section and "<title>" in section
    assert "Inspirant." in section and "Trop long." in section
    assert "Plus de café." in page
    for registration in Registration.objects.all():
        assert registration.last_name not in page
        assert registration.user.email not in page
    dashboard = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert reverse("admin:registrations_registration_feedback") in dashboard


def test_the_results_are_for_organisers_only(client, event, answered):
    client.force_login(UserFactory(is_staff=False))
    response = client.get(reverse("admin:registrations_registration_feedback"))
    assert response.status_code in (302, 404)


def test_the_csv_has_no_personal_data(organiser_client, event, answered):
    response = organiser_client.get(reverse("admin:registrations_registration_feedback_csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].split(";") == ["session", "rating (1 to 5)", "comment", "answered on"]
    assert len(lines) == 1 + 3 + 3  # three answers on the opening, three on the day
    assert "Ouverture;2;Trop long." in text
    for registration in Registration.objects.select_related("user"):
        assert registration.last_name not in text and registration.user.email not in text
        assert registration.first_name not in text


# --- The speakers --------------------------------------------------------------------------------


def test_a_speaker_sees_only_their_own_sessions_and_only_once_the_event_is_over(client, programme):
    event = programme["plenary"].event
    speaker = SpeakerFactory(user=UserFactory())
    programme["plenary"].speakers.set([speaker])
    other_speaker = SpeakerFactory(user=UserFactory())
    programme["scanned"].speakers.set([other_speaker])
    registration = asked(attendee(event, programme))
    services.save_answers(
        registration,
        services.Answers(sessions={programme["plenary"].pk: (5, "Bravo."), programme["scanned"].pk: (1, "Bof.")}),
    )
    client.force_login(speaker.user)
    url = reverse("speakers:feedback")
    # The event (months ahead) is not over yet: nothing to see, no link in the area.
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("speakers:area")).content.decode()

    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()
    assert url in client.get(reverse("speakers:area")).content.decode()
    page = client.get(url).content.decode()
    assert "Ouverture" in page and "Bravo." in page
    assert "Atelier scanné" not in page and "Bof." not in page
    assert registration.last_name not in page

    client.force_login(UserFactory())  # not a speaker
    assert client.get(url).status_code == 404


# --- Exactly once, under concurrency -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_email_once_on_postgresql():
    event = EventFactory()
    SessionFactory(event=event)
    people = []
    for _ in range(10):
        registration = RegistrationFactory(event=event)
        CheckInFactory(registration=registration)
        people.append(registration)
    errors = run_concurrently(
        lambda _: services.send_feedback_requests(today=DAY_AFTER, now=MORNING_AFTER), list(range(6)), threads=6
    )
    assert errors == []
    emails = OutgoingEmail.objects.filter(kind="feedback")
    assert sorted(emails.values_list("recipient", flat=True)) == sorted(p.user.email for p in people)
