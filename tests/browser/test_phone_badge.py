"""The badge on a phone, in Chromium without JavaScript: once opened it opens again without
the network, and the code the screen shows reads back as the badge's token."""

import io

import pytest
import zxingcpp
from PIL import Image

from day.badges import badge_for_registration
from tests.browser.conftest import log_in, screenshot
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BADGE = "/en/my-registration/badge/"


def test_the_badge_opens_offline_once_opened_and_its_code_reads_back(browser, site, programme):
    registration = RegistrationFactory(
        event=programme, first_name="Inès", last_name="Garnier", organisation="Sobre & Co", user__verified=True
    )
    context = log_in(browser, site, registration.user, javascript=False)
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})  # a phone
    page.goto(BADGE)
    page.goto("/en/programme/")  # elsewhere, then the network drops
    context.set_offline(True)
    page.goto(BADGE)  # from the phone's cache
    assert page.locator("h1").inner_text() == "Inès Garnier"
    screenshot(page, "phone-badge")
    code = page.locator(".phone-badge-code svg").screenshot()
    assert [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(code)))] == [
        badge_for_registration(registration).token
    ]
    width = page.locator(".phone-badge-code svg").bounding_box()["width"]
    assert width >= 300  # nearly the screen's width: large enough for the desk's camera
    context.close()
