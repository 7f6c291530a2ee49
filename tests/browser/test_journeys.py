"""The journeys of the people who use the site, in Chromium, with JavaScript and without:
nothing on the public and attendee pages needs it (camera scanning at the check-in desk is
the one enhancement that does, and says so by not appearing)."""

import email
import re
from email import policy

import pytest
from django.contrib.auth.models import Group

from day.badges import badge_for_registration
from day.models import CheckIn
from events.models import Session
from registrations.models import Registration
from speakers.models import Speaker
from tests.browser.conftest import log_in, screenshot, take_place_today
from tests.factories import RegistrationFactory, UserFactory
from tests.second_factor import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "une phrase de passe assez longue"
WIDTHS = {"phone": 390, "desktop": 1280}


def sent_mails(site) -> list[email.message.EmailMessage]:
    messages = []
    for text in site.mails():
        for chunk in text.split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip() + "\n", policy=policy.default))
    return messages


def body(message) -> str:
    part = message.get_body(("plain",)) if message.is_multipart() else message
    return part.get_content()


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def javascript(request):
    return request.param


def new_page(browser, site, javascript, width="desktop", context=None):
    context = context or browser.new_context(java_script_enabled=javascript, base_url=site.url)
    page = context.new_page()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    return page


def test_attendee_signs_up_registers_books_downloads_the_badge_and_cancels(browser, site, programme, javascript):
    programme.capacity = 2
    programme.save()
    RegistrationFactory(event=programme)  # one seat left
    waiting = RegistrationFactory(
        event=programme, status="waitlisted", confirmed_at=None, queued_at=programme.registration_opens_at
    )
    suffix = "js" if javascript else "nojs"
    page = new_page(browser, site, javascript)

    page.goto("/en/accounts/signup/")
    page.fill("input[name=email]", f"camille-{suffix}@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main form button[type=submit]")
    verification = next(m for m in sent_mails(site) if m["To"] == f"camille-{suffix}@example.org")
    link = re.search(r"https?://\S+/confirm-email/\S+/", body(verification)).group(0)
    page.goto(link)
    page.click("main form button[type=submit]")

    page.goto("/en/register/")
    page.fill("#id_first_name", "Camille")
    page.fill("#id_last_name", "Dupré")
    page.fill("#id_organisation", "Mutuelle Exemple")
    page.fill("#id_job_title", "DSI")
    page.select_option("#id_category", "client")
    page.check("#id_accept_terms")
    for width, pixels in WIDTHS.items():
        page.set_viewport_size({"width": pixels, "height": 900})
        screenshot(page, f"attendee-register-{width}-{suffix}")
    page.click("main form button[type=submit]")
    assert "Your seat is confirmed." in page.content()

    workshop = Session.objects.filter(event=programme, kind="workshop").order_by("start").first()
    page.click(f"button[formaction$='/workshops/{workshop.pk}/book/']")
    assert f"Your place in “{workshop.title}” is booked." in page.content()
    for width, pixels in WIDTHS.items():
        page.set_viewport_size({"width": pixels, "height": 900})
        screenshot(page, f"attendee-my-registration-{width}-{suffix}")

    badge = page.request.get("/en/my-registration/badge.pdf")
    assert (badge.status, badge.headers["content-type"]) == (200, "application/pdf")

    page.click("text=Cancel my registration")
    page.click("main form button[type=submit]")
    assert "Your registration is cancelled." in page.content()
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    promoted = [m for m in sent_mails(site) if m["To"] == waiting.user.email]
    assert [m["Subject"] for m in promoted] == ["A seat freed up: you are confirmed for Tech For Climate"]
    page.context.close()


def test_speaker_updates_the_bio_and_sees_it_public(browser, site, programme, javascript):
    user = UserFactory(verified=True)
    Speaker.objects.filter(slug="aurore-stephant").update(user=user)
    context = log_in(browser, site, user, javascript=javascript)
    page = new_page(browser, site, javascript, context=context)
    page.goto("/en/speaker-area/aurore-stephant/edit/")
    page.fill("#id_bio_fr", "Géologue, elle étudie l'extraction minière. Plus : https://example.org")
    page.fill("#id_bio_en", "A geologist, she studies mining. More: https://example.org")
    page.click("button[name=preview]")
    assert "Preview of your public page" in page.content()
    page.click("button[name=save]")
    page.goto("/en/speakers/aurore-stephant/")
    assert "A geologist, she studies mining." in page.content()
    page.goto("/intervenants/aurore-stephant/")
    assert "Géologue, elle étudie l'extraction minière." in page.content()
    screenshot(page, f"speaker-public-page-{'js' if javascript else 'nojs'}")
    context.close()


def test_organiser_adds_a_session_in_the_admin_and_sees_it_on_the_programme(browser, site, programme, javascript):
    user = UserFactory(is_staff=True, verified=True, totp=True)
    user.groups.add(Group.objects.get_or_create(name="Organisers")[0])
    from django.apps import apps

    from accounts.migration_helpers import grant_to_group
    from tests.conftest import organisers_group  # noqa: F401 - the permissions come with the group below

    grant_to_group(
        apps,
        "Organisers",
        {"events": {"session": ["view", "add", "change"], "event": ["view"], "room": ["view"], "theme": ["view"]}},
    )
    page = new_page(browser, site, javascript)
    # The admin's login is the site's, which then asks the authenticator app's code.
    page.goto("/en/admin/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.fill("input[name=code]", current_code())
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_url("**/en/admin/")
    page.goto("/en/admin/events/session/add/")
    page.select_option("#id_event", str(programme.pk))
    page.select_option("#id_kind", "workshop")
    page.fill("#id_title_fr", "Atelier ajouté par l'organisation")
    page.fill("#id_slug", "atelier-ajoute")
    page.fill("#id_start_0", programme.date.isoformat())
    page.fill("#id_start_1", "17:00")
    page.fill("#id_end_0", programme.date.isoformat())
    page.fill("#id_end_1", "17:45")
    room = programme.rooms.get(name_fr="Salon Marceau")
    page.select_option("#id_room", str(room.pk))
    page.click("input[name=_save]")
    assert Session.objects.filter(title_fr="Atelier ajouté par l'organisation").exists(), page.content()[:2000]
    page.goto("/en/programme/")
    assert (
        "Atelier ajouté par l&#x27;organisation" in page.content()
        or "Atelier ajouté par l'organisation" in page.content()
    )
    page.context.close()


def test_check_in_by_typing_a_badge_token(browser, site, programme, javascript):
    staff = UserFactory(verified=True)
    from django.apps import apps

    from accounts.migration_helpers import grant_to_group

    grant_to_group(apps, "Accueil", {"registrations": {"registration": ["check_in"]}})
    staff.groups.add(Group.objects.get(name="Accueil"))
    attendee = RegistrationFactory(event=programme, first_name="Inès", last_name="Garnier")
    take_place_today(programme)
    context = log_in(browser, site, staff, javascript=javascript)
    page = new_page(browser, site, javascript, width="phone", context=context)
    page.goto("/en/check-in/")
    page.fill("#token", badge_for_registration(attendee).token)
    page.press("#token", "Enter")
    page.wait_for_load_state()
    if javascript:  # the desk's script answers at once, then shows the server's answer
        page.wait_for_selector("[data-shown='2']", state="attached")
    assert "Checked in" in page.content() and "Inès Garnier" in page.content()
    assert CheckIn.objects.filter(registration=attendee).exists()
    # The camera button appears only where JavaScript and a barcode reader exist.
    assert page.locator("#camera-button").is_hidden()
    screenshot(page, f"check-in-phone-{'js' if javascript else 'nojs'}")
    context.close()


def test_programme_and_agenda_print_cleanly(browser, site, programme):
    page = new_page(browser, site, True)
    page.goto("/programme/")
    page.emulate_media(media="print")
    assert page.locator(".site-header nav").first.is_hidden()
    assert page.locator("form.filters").is_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.context.close()
