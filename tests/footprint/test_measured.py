"""The digital, paper and venue lines from what the site measured (e-mails, PDFs, page
views) and what the organisers entered (hosting, venue's kWh, sign-in sheets): each figure
from known counts and the factors' data."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.ecoindex import EcoIndex
from day.models import DeskBadgePrint
from footprint.digital import NOTHING
from footprint.factors import load
from footprint.measured import digital_and_paper
from footprint.models import DocumentsGenerated, FootprintInputs, PageViewDay
from mail.models import OutgoingEmail
from registrations.emails import queue_registration_email
from tests.factories import BadgePrintRunFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EMAIL_KG = 0.0031
PER_MB_KG = 0.0000095
BADGE_KG = 0.00115


@pytest.fixture
def event():
    return EventFactory()


def sent(kind="confirmed", count=1, *, size=None, attached=None, at=None):
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            recipient="camille@example.org",
            kind=kind,
            status="sent",
            sent_at=at or timezone.now(),
            size_bytes=size,
            attachment_bytes=attached,
        )
        for _ in range(count)
    )


def part(line, index):
    return line.parts[index]


def test_a_sent_email_records_its_whole_size_and_its_attachments(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = queue_registration_email(registration, "confirmed")
    email.refresh_from_db()
    message = mail.outbox[-1]
    assert email.status == "sent"
    # The calendar file and the badge's QR code travel with it, base64-encoded.
    raw_attachments = len(message.attachments[0].content) if message.attachments else 0
    assert email.attachment_bytes > raw_attachments > 0
    # Rebuilt, the message differs only by its Date and Message-ID headers.
    assert abs(email.size_bytes - len(message.message().as_bytes())) < 100
    assert email.size_bytes > email.attachment_bytes


def test_ten_emails_of_no_size_are_ten_emails(event):
    sent(count=10, size=0, attached=0)
    measured = digital_and_paper(event)
    label, emission = part(measured.digital, 0)
    assert label == "10 e-mails sent"
    assert emission.kg == pytest.approx(10 * EMAIL_KG)
    assert measured.digital.extrapolated == NOTHING


def test_emails_sent_before_sizes_were_recorded_weigh_the_average(event):
    sent(count=2, size=1_000_000, attached=600_000)
    sent("announcement", count=2)  # sent before the sizes existed
    measured = digital_and_paper(event)
    assert measured.digital.declared.kg == pytest.approx(4 * EMAIL_KG + 2 * PER_MB_KG)
    assert measured.digital.extrapolated.kg == pytest.approx(2 * PER_MB_KG)
    assert [(kind.kind, kind.sent, kind.measured) for kind in measured.email_kinds] == [
        ("announcement", 2, 0),
        ("confirmed", 2, 2),
    ]
    # Without attachments each weighs 0.4 MB, the unmeasured ones too.
    assert measured.emails_without_attachments.kg == pytest.approx(4 * EMAIL_KG + 4 * 0.4 * PER_MB_KG)


def test_emails_of_a_previous_event_are_not_counted(event):
    EventFactory(slug="tech-for-climate-2025", date=event.date - dt.timedelta(days=365))
    sent(count=3, size=0, at=timezone.make_aware(dt.datetime.combine(event.date - dt.timedelta(days=360), dt.time())))
    sent(count=1, size=0)
    assert part(digital_and_paper(event).digital, 0)[0] == "1 e-mail sent"


def test_page_views_at_their_pages_ecoindex_and_unweighed_pages_at_the_average(event):
    data = load()
    today = timezone.localdate()
    PageViewDay.objects.create(
        date=today, page="events:programme", views=100, dom_elements=200, requests=3, kilobytes=40
    )
    PageViewDay.objects.create(date=today - dt.timedelta(days=1), page="events:programme", views=50)
    PageViewDay.objects.create(date=today, page="home", views=10)
    score = EcoIndex(200, 3, 40).score
    grams_per_view = 2 + 2 * (50 - score) / 100
    measured = digital_and_paper(event)
    label, emission = part(measured.digital, 2)
    assert (label, measured.page_views) == ("160 page views", 160)
    assert measured.digital.declared.kg == pytest.approx(150 * grams_per_view / 1000)
    assert measured.digital.extrapolated.kg == pytest.approx(10 * grams_per_view / 1000)
    assert emission.kg == pytest.approx(160 * grams_per_view / 1000)
    assert grams_per_view == pytest.approx(data.digital["page_view"].kg * 1000 + 0.02 * (50 - score))


def test_pdfs_are_counted_by_kind_and_weigh_nothing_of_their_own(event):
    today = timezone.localdate()
    DocumentsGenerated.objects.create(date=today, kind="badge", documents=12, pages=12, kilobytes=300)
    DocumentsGenerated.objects.create(date=today, kind="statement", documents=3, pages=3, kilobytes=90)
    measured = digital_and_paper(event)
    assert part(measured.digital, 1) == ("15 PDFs generated", NOTHING)
    assert measured.pdfs_by_kind == {"badge": (12, 12), "statement": (3, 3)}


def test_hosting_not_entered_is_said_and_counts_nothing(event):
    assert part(digital_and_paper(event).digital, 3) == ("Hosting: not entered by the organisers", NOTHING)


def test_hosting_is_servers_times_hours_times_the_factor(event):
    FootprintInputs.objects.create(event=event, hosting_servers=2, hosting_hours=100)
    label, emission = part(digital_and_paper(event).digital, 3)
    assert label == "Hosting (2 servers × 100 hours)"
    assert (emission.kg, emission.low_kg, emission.high_kg) == pytest.approx((4.0, 1.0, 12.0))


def test_printed_badges_against_badges_on_phones(event):
    BadgePrintRunFactory(event=event, status="ready", total=10)
    BadgePrintRunFactory(event=event, status="failed", total=50)
    RegistrationFactory.create_batch(3, event=event)  # paperless: they show their phone
    asked = RegistrationFactory(event=event, wants_printed_badge=True)
    DeskBadgePrint.objects.create(registration=RegistrationFactory(event=event))
    DeskBadgePrint.objects.create(registration=asked)
    measured = digital_and_paper(event)
    assert (measured.printed_badges, measured.badges_on_phones) == (12, 3)
    assert part(measured.paper, 0)[0] == "12 badges printed"
    assert part(measured.paper, 1) == ("3 badges shown on a phone", NOTHING)
    assert measured.paper.declared.kg == pytest.approx(12 * BADGE_KG)
    assert measured.badges_all_on_phones == NOTHING


def test_sign_in_sheets_generated_are_extrapolated_until_the_organisers_enter_them(event):
    DocumentsGenerated.objects.create(date=timezone.localdate(), kind="sign_in_sheets", documents=2, pages=5)
    measured = digital_and_paper(event)
    assert part(measured.paper, 2)[0] == "5 sign-in sheet pages"
    assert measured.paper.extrapolated.kg == pytest.approx(5 * 4 * BADGE_KG)  # an A4 page is four A6
    FootprintInputs.objects.create(event=event, sign_in_sheet_pages=8)
    measured = digital_and_paper(event)
    assert (measured.paper.declared.kg, measured.paper.extrapolated) == (pytest.approx(8 * 4 * BADGE_KG), NOTHING)
    assert measured.badges_all_on_phones.kg == pytest.approx(8 * 4 * BADGE_KG)


def test_the_venue_is_its_kwh_on_the_french_grid_when_entered(event):
    assert digital_and_paper(event).venue.parts == [("Venue's energy: not entered by the organisers", NOTHING)]
    FootprintInputs.objects.create(event=event, venue_kwh=100)
    venue = digital_and_paper(event).venue
    assert venue.parts[0][0] == "100 kWh from the French grid"
    assert (venue.declared.kg, venue.declared.low_kg, venue.declared.high_kg) == pytest.approx((5.2, 3.2, 7.9))


@pytest.mark.parametrize("rows", [1, 30])
def test_the_lines_cost_a_fixed_number_of_queries(event, rows, django_assert_max_num_queries):
    sent(count=rows, size=1000)
    today = timezone.localdate()
    PageViewDay.objects.bulk_create(PageViewDay(date=today, page=f"page{i}", views=3) for i in range(rows))
    RegistrationFactory.create_batch(rows, event=event)
    with django_assert_max_num_queries(7):
        digital_and_paper(event)
