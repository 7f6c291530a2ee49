"""Sobriety budgets, measured in Chromium on the production-shaped site: requests, bytes
transferred, DOM size, no third party, no horizontal scrolling at 320 px; EcoIndex."""

import urllib.request

import pytest

from core.ecoindex import EcoIndex
from tests.browser import sobriety_pages
from tests.browser.conftest import log_in
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_REQUESTS, MAX_KB, MAX_DOM = 10, 120, 700
MIN_ECOINDEX = 90  # issue 21: every public and attendee page
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/programme/",
    "/en/programme/",  # English, with lang="fr" on what is only in French
    "/programme/le-droit-face-aux-limites-planetaires/",
    "/intervenants/",
    "/intervenants/aurore-stephant/",
    "/bilan-carbone/methode/",
    "/comptes/login/",
    "/comptes/signup/",
]
# The badge on a phone at its English address, which its French translation does not move.
ATTENDEE_PAGES = [
    "/mon-inscription/",
    "/mon-inscription/modifier/",
    "/mon-inscription/annuler/",
    "/en/my-registration/badge/",
]


def measure(context, site, path: str) -> dict:
    """First visit with an empty cache: every request, its transferred size, the DOM."""
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(site.url + path, wait_until="load")
    dom = page.evaluate("document.getElementsByTagName('*').length")
    transferred = sum(
        request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"] for request in finished
    )
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    return {
        "path": path,
        "requests": len(finished),
        "kb": transferred / 1024,
        "dom": dom,
        "third_party": [r.url for r in finished if not r.url.startswith(site.url)],
        "overflow_320": overflow,
    }


def all_measures(browser, site, programme):
    measures = []
    anonymous = browser.new_context()
    measures += [measure(anonymous, site, path) for path in PUBLIC_PAGES]
    measures += [measure(anonymous, site, path) for path in sobriety_pages.link_pages(programme)]
    anonymous.close()
    registration = RegistrationFactory(event=programme, user__verified=True)
    measures += logged_in_measures(browser, site, registration.user, ATTENDEE_PAGES)
    for person in sobriety_pages.PEOPLE:
        measures += logged_in_measures(browser, site, *person(programme))
    measures += desk_measures(browser, site, programme)
    return measures


def logged_in_measures(browser, site, user, paths):
    attendee = log_in(browser, site, user)
    # A logged-in visit with an empty cache: only the session cookie is kept.
    fresh = browser.new_context(storage_state=attendee.storage_state())
    measures = [measure(fresh, site, path) for path in paths]
    fresh.close()
    attendee.close()
    return measures


def desk_measures(browser, site, programme):
    """The check-in desk as its staff open it: with its script, the day's list and its
    service worker (whose own requests, the page's copy for offline, are not the page's)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from accounts.migration_helpers import grant_to_group
    from tests.factories import UserFactory

    grant_to_group(apps, "Accueil", {"registrations": {"registration": ["check_in"]}})
    staff = UserFactory(verified=True)
    staff.groups.add(Group.objects.get(name="Accueil"))
    RegistrationFactory.create_batch(20, event=programme)
    logged_in = log_in(browser, site, staff)
    fresh = browser.new_context(storage_state=logged_in.storage_state())
    workshop = programme.sessions.filter(kind="workshop").first()
    measures = [measure(fresh, site, path) for path in ["/accueil/", f"/accueil/?workshop={workshop.pk}"]]
    fresh.close()
    logged_in.close()
    return measures


def test_every_page_keeps_within_the_sobriety_budget(browser, site, programme):
    for result in all_measures(browser, site, programme):
        assert result["third_party"] == [], result
        assert result["requests"] <= MAX_REQUESTS, result
        assert result["kb"] <= MAX_KB, result
        assert result["dom"] <= MAX_DOM, result
        assert result["overflow_320"] <= 0, result
        assert EcoIndex(result["dom"], result["requests"], result["kb"]).grade == "A", result
        if not result["path"].startswith("/accueil/"):  # the desk is staff's, with its script
            assert EcoIndex(result["dom"], result["requests"], result["kb"]).score >= MIN_ECOINDEX, result


def test_ecoindex_table(browser, site, programme, capsys):
    """Printed by `./dev.sh ecoindex`."""
    rows = all_measures(browser, site, programme)
    with capsys.disabled():
        print(f"\n{'page':<52} {'DOM':>5} {'req':>4} {'KB':>7} {'EcoIndex':>9} grade")
        for row in rows:
            index = EcoIndex(row["dom"], row["requests"], row["kb"])
            figures = f"{row['dom']:>5} {row['requests']:>4} {row['kb']:>7.1f} {index.score:>9.1f}"
            path = row["path"] if len(row["path"]) <= 52 else row["path"][:51] + "…"  # a personal link's token
            print(f"{path:<52} {figures} {index.grade}")
    assert rows


def test_static_files_are_compressed_hashed_and_cached_for_a_year(site, programme, browser):
    page = browser.new_page()
    page.goto(site.url + "/")
    stylesheet = page.eval_on_selector("link[rel=stylesheet]", "link => link.href")
    page.close()
    assert ".css" in stylesheet and stylesheet.rsplit("/", 1)[1].count(".") == 2  # site.<hash>.css
    for encoding in ("br", "gzip"):
        request = urllib.request.Request(stylesheet, headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == encoding
            assert "max-age=315360000" in response.headers["Cache-Control"]
            assert "immutable" in response.headers["Cache-Control"]


def test_a_repeat_visit_to_an_unchanged_programme_transfers_almost_nothing(site, programme):
    with urllib.request.urlopen(site.url + "/programme/") as response:
        etag = response.headers["ETag"]
        size = len(response.read())
    request = urllib.request.Request(site.url + "/programme/", headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(request)
        status = 200
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    assert (status, body) == (304, b"")
    assert size > 5000
