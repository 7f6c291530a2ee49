"""Paperless by default: a printed badge only for those who ask, the badge on a phone, its
code in the e-mails, a badge printed at the desk on demand, and the count of both."""

import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from weasyprint import HTML

from backoffice.dashboard import badge_counts
from day.badges import badge_for_registration, badges_for_run
from day.models import BadgePrintRun, DeskBadgePrint
from day.paperless import phone_badge_max_age
from mail.models import OutgoingEmail
from mail.rendering import build_message
from registrations.models import Registration
from tests.day.test_badges import A6, page_sizes, qr_codes_in, text_of
from tests.edition import OPEN, at, days_after_the_event
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.registering import register

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "first_name": "Inès",
        "last_name": "Garnier",
        "organisation": "Exemple SA",
        "job_title": "Acheteuse",
        "category": "client",
        "accept_terms": "on",
    }
    return data | overrides


# --- Asking for a printed badge ------------------------------------------------------------------


def test_the_form_asks_for_a_printed_badge_unticked_and_says_why(client):
    EventFactory()
    client.force_login(UserFactory(verified=True))
    page = client.get(reverse("registrations:register")).content.decode()
    box = re.search(r'<input type="checkbox" name="wants_printed_badge"[^>]*>', page).group(0)
    assert "checked" not in box
    assert "the code on your phone is your badge, and it saves paper" in page


@pytest.mark.parametrize(("ticked", "wants"), [(False, False), (True, True)])
def test_the_choice_is_saved_with_the_registration(client, ticked, wants):
    EventFactory()
    user = UserFactory(verified=True)
    client.force_login(user)
    data = form_data(wants_printed_badge="on") if ticked else form_data()
    assert client.post(reverse("registrations:register"), data).status_code == 302
    assert Registration.objects.get(user=user).wants_printed_badge is wants


def test_the_attendee_changes_their_mind_in_their_details(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    page = client.get(reverse("registrations:edit")).content.decode()
    assert 'name="wants_printed_badge"' in page
    data = form_data(wants_printed_badge="on")
    data.pop("accept_terms")
    assert client.post(reverse("registrations:edit"), data).status_code == 302
    registration.refresh_from_db()
    assert registration.wants_printed_badge is True


def test_a_colleague_taking_a_passed_on_seat_is_asked_too():
    from registrations.transfer_views import AcceptTransferForm

    field = AcceptTransferForm().fields["wants_printed_badge"]
    assert (str(field.label), field.initial) == ("I would like a printed badge", False)
    assert "it saves paper" in str(field.help_text)
    form = AcceptTransferForm(form_data(wants_printed_badge="on"))
    assert form.is_valid(), form.errors
    assert form.details("client").wants_printed_badge is True


def test_the_registrations_export_and_the_personal_data_say_it(organiser_client):
    from techforclimate.privacy import registration_data

    registration = RegistrationFactory(wants_printed_badge=True)
    assert registration_data(registration)["wants_printed_badge"] is True
    from backoffice.exports import registration_table

    header, rows = registration_table(Registration.objects.all())
    assert rows[0][header.index("Printed badge")] == "yes"


# --- Print runs: those who asked, by default ----------------------------------------------------


def test_a_print_run_prints_only_those_who_asked_by_default():
    event = EventFactory()
    asked = RegistrationFactory(event=event, last_name="Imprimé", wants_printed_badge=True)
    RegistrationFactory(event=event, last_name="Téléphone")
    RegistrationFactory(event=event, last_name="Annulé", wants_printed_badge=True, status="cancelled")
    run = BadgePrintRun(event=event)
    assert run.source == BadgePrintRun.Source.ASKED
    assert [badge.last_name for badge in badges_for_run(run)] == [asked.last_name]
    everyone = BadgePrintRun(event=event, source=BadgePrintRun.Source.CONFIRMED)
    assert sorted(badge.last_name for badge in badges_for_run(everyone)) == ["Imprimé", "Téléphone"]


def test_the_print_run_form_offers_those_who_asked_first_and_everyone_still(organiser_client):
    EventFactory()
    page = organiser_client.get(reverse("admin:day_badgeprintrun_add")).content.decode()
    assert re.search(r'<option value="asked" selected>', page)
    assert '<option value="confirmed">All confirmed attendees</option>' in page


# --- The badge on a phone ------------------------------------------------------------------------


def svg_of(page: str) -> str:
    return re.search(r"<svg .*?</svg>", page, re.S).group(0)


def test_the_phone_badge_shows_the_person_and_a_code_that_reads_back(client, tmp_path):
    registration = RegistrationFactory(
        first_name="Inès", last_name="Garnier", organisation="Sobre & Co", category="partner"
    )
    client.force_login(registration.user)
    response = client.get(reverse("day:phone_badge"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inès Garnier" in page and "Sobre &amp; Co" in page and "Partner" in page
    assert "<script" not in page
    svg = svg_of(page)
    assert 'role="img"' in svg and 'stroke="#000"' in svg and 'fill="#fff"' in svg
    # Rasterised as a phone's screen would show it, read as the desk's camera would.
    pdf = HTML(string=f'<div style="width:6cm">{svg}</div>').write_pdf()
    assert qr_codes_in(pdf, dpi=150, tmp_path=tmp_path) == [badge_for_registration(registration).token]


def test_the_phone_keeps_the_badge_until_the_end_of_the_event_day(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    # Taken before the request: the page's own figure, a moment later, can only be smaller.
    until_midnight = phone_badge_max_age(registration.event)
    response = client.get(reverse("day:phone_badge"))
    parts = {part.strip() for part in response["Cache-Control"].split(",")}
    [max_age] = [int(part.split("=")[1]) for part in parts if part.startswith("max-age=")]
    assert "private" in parts and "no-store" not in parts
    assert 0 < max_age <= until_midnight
    assert "Cookie" in response["Vary"]


def test_the_badge_keeps_until_midnight_after_the_event_and_not_after():
    event = EventFactory()
    assert phone_badge_max_age(event, at("08:00")) == 16 * 3600
    assert phone_badge_max_age(event, days_after_the_event(1, "01:00")) == 0


@pytest.mark.parametrize("status", ["waitlisted", "cancelled", "awaiting_approval"])
def test_no_badge_page_without_a_confirmed_seat(client, status):
    registration = RegistrationFactory(status=status, confirmed_at=None, queued_at=OPEN)
    client.force_login(registration.user)
    response = client.get(reverse("day:phone_badge"))
    assert response.status_code == 404
    assert "No badge yet" in response.content.decode()
    assert "<svg" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_my_registration_links_the_phone_badge(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    page = client.get(reverse("registrations:mine")).content.decode()
    assert f'href="{reverse("day:phone_badge")}"' in page


def test_the_phone_badge_asks_to_log_in(client):
    EventFactory()
    response = client.get(reverse("day:phone_badge"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- The code in the e-mails ---------------------------------------------------------------------


def test_the_confirmation_carries_the_code_as_an_inline_image():
    event = EventFactory(capacity=3)
    registration = register(event)
    email = OutgoingEmail.objects.get(kind="confirmed")
    message = build_message(email).message()
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    cid = image["Content-ID"].strip("<>")
    assert image.get_content_disposition() == "inline"
    png = image.get_content()
    assert len(png) < 2000  # a 1-bit image
    decoded = Image.open(io.BytesIO(png))
    assert decoded.mode == "1"  # black and white, one bit a pixel
    assert [result.text for result in zxingcpp.read_barcodes(decoded)] == [badge_for_registration(registration).token]
    html = message.get_body(("html",)).get_content()
    assert re.search(rf'<img src="cid:{re.escape(cid)}" alt="QR code of your badge"', html)
    text = message.get_body(("plain",)).get_content()
    badge_page = f"http://127.0.0.1:8000/en/{registration.event.edition}/my-registration/badge/"  # its edition's
    assert f"You find it in “My registration”: {badge_page}" in text


def test_the_reminder_carries_the_code_and_the_waiting_list_e_mail_does_not():
    event = EventFactory(capacity=1)
    register(event)
    waiting = register(event)
    assert waiting.status == "waitlisted"
    waitlisted = OutgoingEmail.objects.get(kind="waitlisted")
    assert not [p for p in build_message(waitlisted).message().walk() if p.get_content_maintype() == "image"]
    from registrations.emails import EmailKind, queue_registration_email

    confirmed = Registration.objects.get(status="confirmed")
    reminder = queue_registration_email(confirmed, EmailKind.REMINDER)
    [image] = [p for p in build_message(reminder).message().walk() if p.get_content_type() == "image/png"]
    [result] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_content())))
    assert result.text == badge_for_registration(confirmed).token


# --- Printed at the desk on demand ---------------------------------------------------------------


def test_the_desk_prints_one_a6_badge_inline_and_counts_reprints(desk, staff):
    registration = RegistrationFactory(first_name="Inès", last_name="Garnier")
    url = reverse("day:desk_print", args=[registration.pk])
    response = desk.post(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert page_sizes(response.content) == [A6]
    assert "Garnier" in text_of(response.content)
    desk.post(url)
    prints = DeskBadgePrint.objects.filter(registration=registration)
    assert prints.count() == 2 and {p.printed_by for p in prints} == {staff}
    page = desk.get(reverse("day:check_in"), {"q": "Garnier"}).content.decode()
    assert "printed 2 times" in page and "Print again" in page


def test_the_desk_offers_to_print_after_a_check_in_and_in_the_results(desk, clock):
    clock.move_to("the day")
    registration = RegistrationFactory(last_name="Garnier")
    page = desk.post(reverse("day:check_in"), {"token": badge_for_registration(registration).token})
    action = reverse("day:desk_print", args=[registration.pk])
    assert f'action="{action}"' in page.content.decode() and "Print badge" in page.content.decode()
    assert f'action="{action}"' in desk.get(reverse("day:check_in"), {"q": "Garnier"}).content.decode()


def test_the_desk_does_not_print_a_badge_for_someone_not_confirmed(desk):
    registration = RegistrationFactory(status="cancelled")
    response = desk.post(reverse("day:desk_print", args=[registration.pk]))
    assert response.status_code == 302
    assert not DeskBadgePrint.objects.exists()


def test_an_attendee_cannot_print_badges_at_the_desk(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    response = client.post(reverse("day:desk_print", args=[registration.pk]))
    assert response.status_code == 403
    assert not DeskBadgePrint.objects.exists()


def test_printing_at_the_desk_is_a_post(desk):
    registration = RegistrationFactory()
    assert desk.get(reverse("day:desk_print", args=[registration.pk])).status_code == 405


# --- The dashboard's count ----------------------------------------------------------------------


def test_the_dashboard_counts_paper_badges_against_phones(organiser_client, staff, django_assert_num_queries):
    event = EventFactory()
    asked = RegistrationFactory(event=event, wants_printed_badge=True)
    printed_at_desk = RegistrationFactory(event=event)
    RegistrationFactory.create_batch(2, event=event)  # on a phone
    RegistrationFactory(event=event, status="cancelled", wants_printed_badge=True)
    for registration in (printed_at_desk, printed_at_desk, printed_at_desk, asked):
        DeskBadgePrint.objects.create(registration=registration, printed_by=staff)
    with django_assert_num_queries(1):
        counts = badge_counts(event)
    # Two printed (one asked, one at the desk), two on a phone; the desk's 2nd and 3rd prints
    # and the one for the person who had asked are reprints.
    assert (counts.asked, counts.printed_at_desk, counts.on_phone, counts.reprints) == (1, 1, 2, 3)
    assert (counts.printed, counts.sheets) == (2, 5)
    page = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert '<th scope="row">Shown on a phone (never printed)</th><td>2</td>' in page
    assert '<th scope="row">Reprints</th><td>3</td>' in page


def test_registering_through_the_rules_is_paperless_unless_asked():
    event = EventFactory()
    assert register(event).wants_printed_badge is False
    assert register(event, wants_printed_badge=True).wants_printed_badge is True
