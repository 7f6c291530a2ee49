"""The event's whole footprint by line: attendees', speakers' and organisers' travel, the
lunches, and the measured digital, paper and venue lines; on the dashboard and the public page."""

import pytest
from django.urls import reverse
from django.utils import translation

from footprint import totals
from footprint.digital import NOTHING, Emission
from footprint.measured import DigitalAndPaper, Line
from footprint.models import TravelDeclaration
from footprint.services import estimate_for
from footprint.statements import organisation_statements
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db

TGV = {"distance_km": 400, "mode": "tgv", "meal": "vegan"}
PLANE = {"distance_km": 400, "mode": "plane", "meal": "meat"}


def kg(**trip):
    estimate = estimate_for(TravelDeclaration(**trip))
    return estimate.travel_kg, estimate.meal_kg


@pytest.fixture
def event():
    event = EventFactory(footprint_published=True)
    for registration in RegistrationFactory.create_batch(2, event=event):
        TravelDeclaration.objects.create(registration=registration, **TGV)
    RegistrationFactory.create_batch(2, event=event)  # did not declare
    RegistrationFactory(event=event, status="cancelled")
    return event


def test_undeclared_attendees_are_counted_at_the_declared_average(event):
    whole = totals.event_lines(event)
    travel, meal = kg(**TGV)
    line = whole.line("attendee_travel")
    assert line.declared.kg == pytest.approx(2 * travel)
    assert line.extrapolated.kg == pytest.approx(2 * travel)
    assert whole.attendees == 4
    assert whole.attendee_catering.kg == pytest.approx(4 * meal)


def test_a_speaker_who_also_registered_is_counted_once_with_the_attendees(event):
    user = UserFactory()
    speaker = SpeakerFactory(user=user)
    SessionFactory(event=event, speakers=[speaker])
    registration = RegistrationFactory(event=event, user=user)
    TravelDeclaration.objects.create(registration=registration, **PLANE)
    TravelDeclaration.objects.create(speaker=speaker, event=event, **PLANE)

    whole = totals.event_lines(event)

    travel, _meal = kg(**PLANE)
    assert whole.line("speaker_travel").total.kg == 0
    assert whole.attendees == 5
    assert whole.line("attendee_travel").declared.kg == pytest.approx(2 * kg(**TGV)[0] + travel)


def test_speakers_without_a_declaration_travel_like_the_speakers_who_declared(event):
    declared, silent = SpeakerFactory(), SpeakerFactory()
    SessionFactory(event=event, speakers=[declared, silent])
    TravelDeclaration.objects.create(speaker=declared, event=event, **PLANE)
    line = totals.event_lines(event).line("speaker_travel")
    travel, _meal = kg(**PLANE)
    assert (line.declared.kg, line.extrapolated.kg) == (pytest.approx(travel), pytest.approx(travel))


def test_with_no_speaker_declared_they_travel_like_the_attendees(event):
    SessionFactory(event=event, speakers=[SpeakerFactory(), SpeakerFactory()])
    whole = totals.event_lines(event)
    travel, meal = kg(**TGV)
    assert whole.line("speaker_travel").declared == NOTHING
    assert whole.line("speaker_travel").extrapolated.kg == pytest.approx(2 * travel)
    assert whole.line("catering").parts[1][1].kg == pytest.approx(2 * meal)  # the speakers' lunches


def test_organisers_count_only_as_declared(event):
    TravelDeclaration.objects.create(organiser=UserFactory(is_staff=True), event=event, **PLANE)
    whole = totals.event_lines(event)
    travel, meal = kg(**PLANE)
    line = whole.line("organiser_travel")
    assert (line.declared.kg, line.extrapolated) == (pytest.approx(travel), NOTHING)
    assert whole.line("catering").parts[2][1].kg == pytest.approx(meal)


def test_the_lines_add_up_to_the_total_and_per_attendee(event):
    SessionFactory(event=event, speakers=[SpeakerFactory()])
    TravelDeclaration.objects.create(organiser=UserFactory(is_staff=True), event=event, **PLANE)
    whole = totals.event_lines(event)
    assert [line.key for line in whole.lines] == [
        "attendee_travel",
        "speaker_travel",
        "organiser_travel",
        "catering",
        "digital",
        "paper",
        "venue",
    ]
    assert whole.total.kg == pytest.approx(sum(line.declared.kg + line.extrapolated.kg for line in whole.lines))
    assert whole.total.kg == pytest.approx(whole.declared.kg + whole.extrapolated.kg)
    assert whole.per_attendee.kg == pytest.approx(whole.total.kg / 4)


def test_the_statements_add_up_to_the_attendee_lines(event):
    SessionFactory(event=event, speakers=[SpeakerFactory()])  # speakers are not in any statement
    whole = totals.event_lines(event)
    statements = organisation_statements(event)
    assert sum(s.total_kg for s in statements) == pytest.approx(
        whole.line("attendee_travel").total.kg + whole.attendee_catering.kg
    )
    # Once the desk is used, only those who came count, on both sides.
    CheckInFactory(registration=event.registrations.filter(travel__isnull=False).first())
    whole = totals.event_lines(event)
    assert whole.attendees == 1
    assert sum(s.total_kg for s in organisation_statements(event)) == pytest.approx(
        whole.line("attendee_travel").total.kg + whole.attendee_catering.kg
    )


@pytest.fixture
def measured(monkeypatch):
    """B's measured lines, with figures: 3 kg of e-mails (1 without attachments), 2 kg of paper
    (0.5 if every badge were on a phone), a venue given as a range."""
    result = DigitalAndPaper(
        digital=Line("digital", "Digital", Emission(3, 2, 4), NOTHING, [("E-mails", Emission(3, 2, 4))]),
        paper=Line("paper", "Paper", Emission(2, 1, 3), NOTHING, []),
        venue=Line("venue", "Venue", Emission(10, 8, 12), NOTHING, []),
        emails_without_attachments=Emission(1, 1, 1),
        badges_all_on_phones=Emission(0.5, 0.5, 0.5),
    )
    monkeypatch.setattr(totals, "digital_and_paper", lambda event: result)
    return result


def test_the_emails_are_the_digital_lines_first_part(event):
    """The no-attachment scenario reads the e-mails' emission there."""
    label, _emission = totals.event_lines(event).measured.digital.parts[0]
    assert "e-mail" in label


def test_the_scenarios_show_the_savings_of_phones_and_bare_emails(event, measured):
    whole = totals.event_lines(event)
    assert totals.badges_on_phones_saving(whole).kg == pytest.approx(1.5)
    assert totals.emails_without_attachments_saving(whole).kg == pytest.approx(2)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ("Speakers&#x27; travel", "Extrapolated", "Range", "8.0–12.0")), ("fr", ("Fourchette", "8,0–12,0"))],
)
def test_the_dashboard_shows_the_lines_and_the_scenarios(organiser_client, event, measured, lang, words):
    with translation.override(lang):
        url = reverse("admin:registrations_registration_dashboard")
    response = organiser_client.get(url + "?phones=on&no_attachments=on&shift=0")
    page = response.content.decode()
    assert response.status_code == 200
    whole = totals.event_lines(event)
    total = f"{whole.total.kg:.0f}"
    assert total in page
    assert "<caption>" in page and '<th scope="row">' in page
    assert ("1.5" in page or "1,5" in page) and ("2.0" in page or "2,0" in page)  # the two savings
    assert f"{whole.total.kg - 3.5:.0f} kg CO2e." in page  # the footprint with both changes
    assert all(word in page for word in words)  # the venue's range in the page's language


@pytest.mark.parametrize(("url", "lang"), [("/en/footprint/", "en"), ("/bilan-carbone/", "fr")])
def test_the_public_page_shows_the_total_per_attendee_and_the_lines(client, event, measured, url, lang):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    whole = totals.event_lines(event)
    per = f"{whole.per_attendee.kg:.1f}"
    assert per in page or per.replace(".", ",") in page
    assert page.count('<th scope="row">') >= len(whole.lines) + 1
    assert "<caption>" in page
    assert ("Range" if lang == "en" else "Fourchette") in page
    assert_valid_accessible_html(response, lang)
