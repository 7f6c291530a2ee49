"""The check-in desk without the network, in Chromium: the day's list decides at once, the
check-ins wait in the browser, and the server records each once when the network returns."""

import pytest
from playwright.sync_api import expect

from day.badges import badge_for_registration
from day.models import CheckIn, DeskScan
from tests.browser.conftest import log_in, screenshot, take_place_today
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QUEUE_SENT = "[data-sync-url][data-waiting='0']"  # (the site's CSP forbids wait_for_function's eval)


@pytest.fixture(autouse=True)
def the_day_is_today(programme):
    take_place_today(programme)


def open_desk(browser, site, staff, name):
    context = log_in(browser, site, staff)
    page = context.new_page()
    page.goto("/en/check-in/")
    page.fill("#desk-name", name)
    page.dispatch_event("#desk-name", "change")
    page.wait_for_selector("[data-list-ready]", state="attached")
    return context, page


def results_shown(page) -> int:
    return int(page.locator("[data-sync-url]").get_attribute("data-shown") or 0)


def scan(page, code):
    shown = results_shown(page)
    page.fill("#token", code)
    page.press("#token", "Enter")
    page.wait_for_selector(f"[data-shown='{shown + 1}']", state="attached")
    return page.locator("#desk-result").inner_text()


def test_an_offline_desk_decides_at_once_and_sends_its_check_ins_when_back(browser, site, programme, staff):
    valid = RegistrationFactory(event=programme, first_name="Inès", last_name="Garnier")
    cancelled = RegistrationFactory(event=programme, first_name="Zoé", last_name="Martin", status="cancelled")
    context, page = open_desk(browser, site, staff, "desk 1")
    context.set_offline(True)

    result = scan(page, badge_for_registration(valid).token)
    assert "Checked in" in result and "Inès Garnier" in result
    assert page.locator("#desk-result .result-ok").count() == 1
    result = scan(page, badge_for_registration(valid).token[:-3] + "xyz")
    assert "Not a valid badge" in result and page.locator("#desk-result .result-error").count() == 1
    result = scan(page, badge_for_registration(cancelled).token)
    assert "Registration cancelled" in result and "Zoé Martin" in result
    # The banner counts the queue once IndexedDB has stored the scan, just after the result.
    expect(page.locator("#desk-banner")).to_have_text("offline — 1 check-in waiting")
    screenshot(page, "check-in-offline")
    assert CheckIn.objects.count() == 0

    context.set_offline(False)
    page.wait_for_selector(QUEUE_SENT, state="attached")
    assert page.locator("#desk-banner").is_hidden()
    check_in = CheckIn.objects.get()
    assert (check_in.registration, check_in.desk, check_in.checked_in_by) == (valid, "desk 1", staff)
    # Only the check-in was queued: the refused codes were told at once and never sent.
    assert DeskScan.objects.count() == 1

    # The page itself stays available without the network (the service worker's copy).
    page.wait_for_selector("[data-offline-ready]", state="attached")
    context.set_offline(True)
    page.reload()
    assert page.locator("#token").is_visible()
    context.close()


def test_two_offline_desks_scan_the_same_badge_one_check_in(browser, site, programme, staff):
    attendee = RegistrationFactory(event=programme, first_name="Inès", last_name="Garnier")
    token = badge_for_registration(attendee).token
    first, first_page = open_desk(browser, site, staff, "desk 1")
    second, second_page = open_desk(browser, site, staff, "desk 2")
    first.set_offline(True)
    second.set_offline(True)
    assert "Checked in" in scan(first_page, token)
    assert "Checked in" in scan(second_page, token)  # each desk alone knows only its own scan

    first.set_offline(False)
    first_page.wait_for_selector(QUEUE_SENT, state="attached")
    second.set_offline(False)
    second_page.wait_for_selector(QUEUE_SENT, state="attached")
    second_page.wait_for_selector("#desk-result .result-warning")
    result = second_page.locator("#desk-result").inner_text()
    assert "Already checked in" in result and "at desk 1" in result

    check_in = CheckIn.objects.get()
    assert (check_in.registration, check_in.desk) == (attendee, "desk 1")
    assert DeskScan.objects.count() == 2
    first.close()
    second.close()


def test_logging_out_erases_the_list_and_the_queue_from_the_browser(browser, site, programme, staff):
    attendee = RegistrationFactory(event=programme)
    context, page = open_desk(browser, site, staff, "desk 1")
    context.set_offline(True)
    scan(page, badge_for_registration(attendee).token)  # one check-in waiting in the queue
    context.set_offline(False)
    page.wait_for_selector(QUEUE_SENT, state="attached")
    page.wait_for_selector("[data-offline-ready]", state="attached")
    stored = "async () => [(await indexedDB.databases()).map(d => d.name), await caches.keys()]"
    assert page.evaluate(stored) == [["tfc-desk"], ["tfc-desk-v1"]]

    page.click("text=Log out")
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "logout" not in url)
    page.wait_for_load_state()
    assert page.locator(".site-header a[href*=login]").count() == 1  # logged out
    assert page.evaluate(stored) == [[], []]
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    context.close()


def test_workshop_mode_offline_says_booked_or_not_and_records_attendance_when_back(browser, site, programme, staff):
    from day.models import WorkshopAttendance
    from registrations.models import WorkshopBooking

    workshop = programme.sessions.filter(kind="workshop").first()
    booked, walker = RegistrationFactory.create_batch(2, event=programme)
    WorkshopBooking.objects.create(registration=booked, session=workshop, status="booked")
    context = log_in(browser, site, staff)
    page = context.new_page()
    page.goto(f"/en/check-in/?workshop={workshop.pk}")
    page.wait_for_selector("[data-list-ready]", state="attached")
    context.set_offline(True)
    assert "Booked for this workshop" in scan(page, badge_for_registration(booked).token)
    assert "Not booked for this workshop" in scan(page, badge_for_registration(walker).token)
    assert page.locator("#desk-result .result-warning").count() == 1
    context.set_offline(False)
    page.wait_for_selector(QUEUE_SENT, state="attached")
    assert dict(WorkshopAttendance.objects.values_list("registration", "booking")) == {
        booked.pk: "booked",
        walker.pk: "not_booked",
    }
    context.close()


def test_online_a_badge_newer_than_the_list_is_decided_by_the_server(browser, site, programme, staff):
    context, page = open_desk(browser, site, staff, "desk 1")
    newcomer = RegistrationFactory(event=programme, first_name="Léa", last_name="Nouvelle")  # after the list
    shown = results_shown(page)
    page.fill("#token", badge_for_registration(newcomer).token)
    page.press("#token", "Enter")
    page.wait_for_selector(f"[data-shown='{shown + 2}']", state="attached")  # the list's, then the server's
    result = page.locator("#desk-result").inner_text()
    assert "Checked in" in result and "Léa Nouvelle" in result
    assert CheckIn.objects.filter(registration=newcomer).exists()
    context.close()


def test_the_french_desk_works_offline_in_french(browser, site, programme, staff):
    attendee = RegistrationFactory(event=programme, first_name="Inès", last_name="Garnier")
    context = log_in(browser, site, staff)
    page = context.new_page()
    page.goto("/accueil/")
    page.wait_for_selector("[data-list-ready]", state="attached")
    page.wait_for_selector("[data-offline-ready]", state="attached")  # its worker's scope: the French desk
    context.set_offline(True)
    assert "Arrivée enregistrée" in scan(page, badge_for_registration(attendee).token)
    expect(page.locator("#desk-banner")).to_have_text("hors ligne — 1 arrivée en attente")
    page.reload()
    assert page.locator("h1").inner_text() == "Accueil"
    context.set_offline(False)
    page.wait_for_selector("[data-list-ready]", state="attached")
    page.wait_for_selector(QUEUE_SENT, state="attached")
    assert CheckIn.objects.filter(registration=attendee).exists()
    context.close()


def test_a_desk_offline_before_its_worker_copied_the_page_gets_it_when_back_online(browser, site, programme, staff):
    context = log_in(browser, site, staff)
    # The worker cannot be fetched at first, as when the network drops just after the page.
    context.route("**/service-worker.js", lambda route: route.abort())
    page = context.new_page()
    page.goto("/en/check-in/")
    page.wait_for_selector("[data-desk-ready]", state="attached")
    page.wait_for_timeout(500)
    assert page.locator("[data-offline-ready]").count() == 0

    context.unroute("**/service-worker.js")
    context.set_offline(True)
    context.set_offline(False)  # the browser says "online": the desk registers its worker again
    page.wait_for_selector("[data-offline-ready]", state="attached")
    context.set_offline(True)
    page.reload()
    assert page.locator("#token").is_visible()
    context.close()
