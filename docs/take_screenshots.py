"""Take the README's screenshots from a running site (./dev.sh serve) with Debian's Chromium.

.venv/bin/python docs/take_screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent / "screenshots"
PAGES = [
    ("home", "/", 1280, 900),
    ("programme", "/programme/", 1280, 1400),
    ("programme-phone", "/programme/", 390, 1400),
    ("programme-en", "/en/programme/", 1280, 1400),
]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )
    for name, path, width, height in PAGES:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(BASE + path)
        page.screenshot(path=OUT / f"{name}.png", full_page=False)
        page.close()
    # Last year's edition (./dev.sh serve loads it), found as a visitor would: from the home page.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(BASE + "/")
    page.goto(BASE + page.locator("#editions-title + ul a").first.get_attribute("href") + "programme/")
    page.screenshot(path=OUT / "past-edition.png", full_page=False)
    page.close()
    browser.close()
