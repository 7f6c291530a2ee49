import io
import shutil
import subprocess

import html5lib
import pytest
import zxingcpp
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from day.badges import Badge, badge_for_organiser, badge_for_registration, badge_for_speaker, render_badges
from day.models import BadgePrintRun
from day.paperless import badge_qr_png, qr_png
from day.tokens import BadgeReference, badge_token, read_badge_token
from tests.edition import EVENT_DATE, spelled
from tests.factories import (
    BadgePrintRunFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.integration.conftest import missing_service
from tests.pdfs import SHIPPED_FONT, fonts_of

pytestmark = pytest.mark.django_db

A6 = (297.64, 419.53)  # points
A4 = (595.28, 841.89)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def qr_codes_in(pdf: bytes, *, dpi: int, tmp_path) -> list[str]:
    """Rasterise the PDF with poppler, as a stand-in for printing and a camera, and read
    every QR code with zxing-cpp."""
    if shutil.which("pdftoppm") is None:
        missing_service("pdftoppm is not installed (Debian package poppler-utils)")
    (tmp_path / "badge.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), tmp_path / "badge.pdf", tmp_path / "page"], check=True)
    return [
        result.text
        for page in sorted(tmp_path.glob("page*.png"))
        for result in zxingcpp.read_barcodes(Image.open(page))
    ]


@pytest.fixture
def registration():
    return RegistrationFactory(
        first_name="Marie-Hélène",
        last_name="de La Rochefoucauld-Montbel",
        organisation="Œuvres Sobres & Numérique",
        category="partner",
    )


def test_single_badge_is_one_a6_page_with_the_name_as_text(registration):
    pdf = render_badges([badge_for_registration(registration)])
    assert page_sizes(pdf) == [A6]
    text = text_of(pdf)
    assert "Marie-Hélène" in text
    assert "de La Rochefoucauld-Montbel" in text
    assert "Œuvres Sobres & Numérique" in text
    assert "Tech For Climate" in text


def test_eight_badges_make_two_a4_sheets(registration):
    badges = [badge_for_registration(registration)] * 8
    assert page_sizes(render_badges(badges, sheets=True)) == [A4, A4]


def test_badge_fonts_are_the_shipped_font_embedded():
    registration = RegistrationFactory()
    assert fonts_of(render_badges([badge_for_registration(registration)])) <= SHIPPED_FONT


def embedded_characters(pdf: bytes, font_name: str) -> set[int]:
    """The characters that the embedded subset of `font_name` maps to a glyph."""
    characters = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for resource in page["/Resources"]["/Font"].values():
            font = resource.get_object()
            if str(font["/BaseFont"]).split("+", 1)[-1] == font_name:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                characters |= set(TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())).getBestCmap())
    return characters


def test_latin_extended_letters_are_drawn_from_a_font_that_has_them(registration):
    """WeasyPrint makes one PDF font of each weight of a family: with Latin and Latin Extended
    in two files, the second file's letters were drawn with the first's outlines ("Łukasz"
    printed "hukasz")."""
    registration.first_name, registration.last_name = "Łukasz", "Dvořák"
    pdf = render_badges([badge_for_registration(registration)])
    assert {ord("Ł"), ord("ř"), ord("u")} <= embedded_characters(pdf, "Atkinson-Hyperlegible-Bold")
    assert fonts_of(pdf) <= SHIPPED_FONT


def test_qr_code_scans_at_print_resolution_and_carries_the_signed_token(registration, tmp_path):
    badge = badge_for_registration(registration)
    # 150 dpi: what an ordinary phone camera resolves at arm's length from an A6 badge.
    assert qr_codes_in(render_badges([badge]), dpi=150, tmp_path=tmp_path) == [badge.token]
    assert read_badge_token(badge.token) == BadgeReference(registration.event_id, "registration", registration.pk)


def test_qr_codes_on_a_sheet_scan_each(registration, tmp_path):
    others = RegistrationFactory.create_batch(3, event=registration.event)
    badges = [badge_for_registration(r) for r in [registration, *others]]
    scanned = qr_codes_in(render_badges(badges, sheets=True), dpi=150, tmp_path=tmp_path)
    assert sorted(scanned) == sorted(b.token for b in badges)


def test_the_printed_code_is_the_e_mails_code_in_grey_pixels():
    for token in ["1.r7:" + "x" * 43, "short", "A" * 200]:
        grey = Image.open(io.BytesIO(badge_qr_png(token)))
        one_bit = Image.open(io.BytesIO(qr_png(token, scale=1, border=0)))
        assert (grey.mode, grey.format) == ("L", "PNG")
        assert grey.tobytes() == one_bit.convert("L").tobytes()


def test_token_holds_no_bare_id_and_rejects_any_change(registration):
    token = badge_token(event_id=registration.event_id, kind="registration", pk=registration.pk)
    assert token != str(registration.pk) and ":" in token
    assert read_badge_token(token) is not None
    tampered = token.replace(f"r{registration.pk}:", f"r{registration.pk + 1}:")
    assert read_badge_token(tampered) is None
    assert read_badge_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert read_badge_token("") is None
    assert read_badge_token("not a token at all") is None


def test_attendee_downloads_their_own_badge(client, registration):
    client.force_login(registration.user)
    response = client.get("/en/my-registration/badge.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Marie-Hélène" in text_of(response.content)


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_waitlisted_or_cancelled_registration_has_no_badge(client, status):
    from tests.factories import at

    registration = RegistrationFactory(status=status, queued_at=at("10:00"), confirmed_at=None)
    client.force_login(registration.user)
    assert client.get("/en/my-registration/badge.pdf").status_code == 404


def test_badge_needs_a_login_and_a_registration(client, db):
    EventFactory()
    assert client.get("/en/my-registration/badge.pdf").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/en/my-registration/badge.pdf").status_code == 404


def test_organiser_prints_all_confirmed_badges_and_downloads_one_pdf(
    organiser_client, registration, django_capture_on_commit_callbacks
):
    RegistrationFactory.create_batch(4, event=registration.event)
    RegistrationFactory(event=registration.event, status="cancelled", confirmed_at=None)
    # The task runs after commit: eagerly here, in a worker in production.
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("admin:day_badgeprintrun_add"),
            {"event": registration.event.pk, "source": "confirmed", "sheets": "on", "language": "en"},
        )
    run = BadgePrintRun.objects.get()
    assert response["Location"] == reverse("admin:day_badgeprintrun_change", args=[run.pk])
    run.refresh_from_db()
    assert (run.status, run.total, run.done) == ("ready", 5, 5)
    progress = organiser_client.get(response["Location"]).content.decode()
    assert "5 badges are ready." in progress
    download = organiser_client.get(reverse("admin:day_badgeprintrun_download", args=[run.pk]))
    assert page_sizes(b"".join(download.streaming_content)) == [A4, A4]


def test_organiser_prints_the_selected_registrations(
    organiser_client, registration, django_capture_on_commit_callbacks
):
    other = RegistrationFactory(event=registration.event)
    RegistrationFactory(event=registration.event)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("admin:registrations_registration_changelist"),
            {"action": "print_badges", "_selected_action": [registration.pk, other.pk]},
        )
    assert BadgePrintRun.objects.get().total == 2


def test_print_runs_are_for_organisers_only(client, registration):
    run = BadgePrintRunFactory(event=registration.event, status="ready", file="badges/x.pdf", total=1)
    download = reverse("admin:day_badgeprintrun_download", args=[run.pk])
    assert client.get(download).status_code == 302  # to the admin login
    client.force_login(registration.user)
    assert client.get(download).status_code == 302
    staff = UserFactory(is_staff=True, totp=True)
    staff.groups.add(Group.objects.get_or_create(name="Accueil")[0])
    client.force_login(staff)
    assert client.get(download).status_code == 404


def test_long_names_and_accents_fit_the_badge():
    """Every glyph drawn comes from the shipped font (no missing-glyph boxes), and the
    longest name stays on the page."""
    event = EventFactory()
    badge = Badge(
        "Marie-Hélène",
        "de La Rochefoucauld-Montbel",
        "Société Œcuménique d'Ingénierie Écologique",
        "supplier",
        "token",
        event,
    )
    pdf = render_badges([badge], sheets=True)
    text = text_of(pdf)
    assert "Rochefoucauld-Montbel" in text and "Œcuménique" in text


@pytest.fixture
def speakers(registration):
    """Two speakers of the event: one with an English job title, one whose is only in French."""
    event = registration.event
    translated = SpeakerFactory(
        name="Hélène Martin", job_title_fr="Directrice de la prospective", job_title_en="Head of Foresight"
    )
    french_only = SpeakerFactory(name="Jean Dupont", job_title_fr="Chargé de mission climat", job_title_en="")
    SessionFactory(event=event, speakers=[translated, french_only])
    return translated, french_only


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_attendees_badge_shows_their_job_title_as_typed(registration, language):
    with translation.override(language):
        badge = badge_for_registration(registration)
    assert "Responsable RSE" in text_of(render_badges([badge], language=language))


@pytest.mark.parametrize(
    ("language", "titles", "other_language_title", "role"),
    [
        ("en", ["Head of Foresight", "Chargé de mission climat"], "Directrice de la prospective", "SPEAKER"),
        ("fr", ["Directrice de la prospective", "Chargé de mission climat"], "Head of Foresight", "INTERVENANT·E"),
    ],
)
def test_speakers_badges_show_their_job_title_in_the_badges_language_or_in_french(
    speakers, language, titles, other_language_title, role
):
    event = speakers[0].sessions.get().event
    with translation.override(language):
        badges = [badge_for_speaker(speaker, event) for speaker in speakers]
    text = text_of(render_badges(badges, language=language))
    assert [title in text for title in titles] == [True, True]
    assert other_language_title not in text
    assert role in text


def test_a_french_job_title_on_an_english_badge_is_marked_as_french(speakers):
    event = speakers[0].sessions.get().event
    with translation.override("en"):
        html = render_to_string("day/badges/badges.html", {"pages": [[badge_for_speaker(s, event) for s in speakers]]})
    document = html5lib.parse(html, namespaceHTMLElements=False)
    titles = [(p.text, p.get("lang")) for p in document.iter("p") if "job-title" in p.get("class", "")]
    assert document.get("lang") == "en"
    assert titles == [("Head of Foresight", None), ("Chargé de mission climat", "fr")]


def test_an_organisers_badge_has_no_job_title(registration):
    organiser = UserFactory(first_name="Léa", last_name="Orga")
    badge = badge_for_organiser(organiser, registration.event)
    assert badge.job_title == ""
    text = " ".join(text_of(render_badges([badge])).split())
    assert text == f"Tech For Climate {spelled(EVENT_DATE, 'fr')} · Espace George V Léa Orga Constellation ORGANISATION"


def baselines_of(pdf: bytes, words: set[str]) -> set[float]:
    """The heights on the page at which the text pieces made of `words` are drawn."""
    heights = set()

    def visit(text, cm, tm, font, size):
        if text.strip() and set(text.split()) <= words:
            heights.add(round(tm[5] * cm[3] + cm[5], 1))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return heights


def test_a_long_job_title_stays_on_one_line(registration):
    long_title = "Chargée de mission senior achats responsables et économie circulaire, direction des achats groupe"
    badge = Badge("Camille", "Exemple", "Exemple SA", "client", "token", registration.event, job_title=long_title)
    pdf = render_badges([badge])
    assert badge.job_title_size == "small"
    # One line (cut short on paper by an ellipsis), in the shipped font.
    assert len(baselines_of(pdf, set(long_title.split()))) == 1
    assert fonts_of(pdf) <= SHIPPED_FONT


@pytest.mark.parametrize(("language", "title"), [("en", "Head of Foresight"), ("fr", "Directrice de la prospective")])
def test_organiser_prints_the_speakers_badges_in_the_language_chosen(
    organiser_client, speakers, django_capture_on_commit_callbacks, language, title
):
    add = reverse("admin:day_badgeprintrun_add")
    assert '<option value="en" selected>' in organiser_client.get(add).content.decode()  # the admin's language
    event = speakers[0].sessions.get().event
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(add, {"event": event.pk, "source": "speakers", "sheets": "on", "language": language})
    run = BadgePrintRun.objects.get()
    assert (run.language, run.status, run.total) == (language, "ready", 2)
    download = organiser_client.get(reverse("admin:day_badgeprintrun_download", args=[run.pk]))
    text = text_of(b"".join(download.streaming_content))
    assert title in text and "Chargé de mission climat" in text


def test_selected_badges_are_printed_in_the_organisers_language(
    organiser_client, registration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("admin:registrations_registration_changelist"),
            {"action": "print_badges", "_selected_action": [registration.pk]},
        )
    assert BadgePrintRun.objects.get().language == "en"
