"""axe-core, from the npm registry, injected into every page in Chromium: no violation of
WCAG 2.1 A and AA (the basis of the French RGAA)."""

import json

import pytest
from django.apps import apps

from tests.browser import sobriety_pages
from tests.browser.conftest import AXE, log_in
from tests.browser.test_sobriety import ATTENDEE_PAGES, PUBLIC_PAGES
from tests.factories import RegistrationFactory
from tests.integration.conftest import missing_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXTRA_PAGES = ["/en/programme/", "/en/speakers/", "/programme/?kind=workshop", "/bilan-carbone/methode/"]


def violations(context, url: str) -> list[dict]:
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    page.close()
    assert len(result["passes"]) > 10, url  # axe did run its checks
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [node["target"] for node in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def test_no_axe_violation_on_any_page(browser, site, programme):
    if not AXE.exists():
        missing_service("axe-core is not installed (./dev.sh test installs it with npm)")
    found = {}
    # bypass_csp: the site's policy (rightly) refuses injected scripts, axe's included.
    anonymous = browser.new_context(bypass_csp=True, base_url=site.url)
    for path in PUBLIC_PAGES + EXTRA_PAGES:
        found[path] = violations(anonymous, site.url + path)
    for path in sobriety_pages.link_pages(programme):  # personal links, the public footprint
        found[path] = violations(anonymous, site.url + path)
    anonymous.close()
    for user, paths in (sobriety_pages.attendee_in_full(programme), sobriety_pages.new_attendee(programme)):
        logged_in = log_in(browser, site, user)
        context = browser.new_context(bypass_csp=True, storage_state=logged_in.storage_state())
        for path in paths:
            found[path] = violations(context, site.url + path)
        context.close()
        logged_in.close()

    registration = RegistrationFactory(event=programme, user__verified=True)
    logged_in = log_in(browser, site, registration.user)
    attendee = browser.new_context(bypass_csp=True, storage_state=logged_in.storage_state())
    for path in ATTENDEE_PAGES:
        found[path] = violations(attendee, site.url + path)
    attendee.close()
    logged_in.close()

    # The speaker area and the check-in desk, as their users see them.
    from django.contrib.auth.models import Group

    from accounts.migration_helpers import grant_to_group
    from speakers.models import Speaker

    speaker_user = registration.user
    Speaker.objects.filter(slug="aurore-stephant").update(user=speaker_user)
    grant_to_group(apps, "Accueil", {"registrations": {"registration": ["check_in"]}})
    speaker_user.groups.add(Group.objects.get(name="Accueil"))
    logged_in = log_in(browser, site, speaker_user)
    staff = browser.new_context(bypass_csp=True, storage_state=logged_in.storage_state())
    for path in [
        "/espace-intervenant/",
        "/espace-intervenant/aurore-stephant/modifier/",
        "/accueil/",
        "/accueil/?q=Exemple",
        "/en/check-in/walk-in/",
        f"/accueil/?workshop={programme.sessions.filter(kind='workshop').first().pk}",  # workshop mode
    ]:
        found[path] = violations(staff, site.url + path)
    staff.close()
    logged_in.close()

    assert {path: problems for path, problems in found.items() if problems} == {}, json.dumps(found, indent=1)
