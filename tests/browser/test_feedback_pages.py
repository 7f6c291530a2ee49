"""The day-after feedback pages in Chromium: no axe violation (WCAG 2.1 A and AA) and within
the sobriety budgets, like every other page: the form behind the e-mail's link, the closed
page with what was answered, and a speaker's results once the event is over."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Session
from feedback import services
from tests.browser.conftest import AXE, log_in
from tests.browser.test_accessibility import violations
from tests.browser.test_sobriety import MAX_DOM, MAX_KB, MAX_REQUESTS, measure
from tests.factories import CheckInFactory, RegistrationFactory, UserFactory
from tests.integration.conftest import missing_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_feedback_pages_pass_axe_and_the_budgets(browser, site, programme):
    if not AXE.exists():
        missing_service("axe-core is not installed (./dev.sh test installs it with npm)")
    registration = RegistrationFactory(event=programme, feedback_requested_at=timezone.now() - dt.timedelta(days=1))
    CheckInFactory(registration=registration)
    with translation.override("en"):
        path = reverse("feedback:answer", args=[services.feedback_token(registration)])
        results = reverse("speakers:feedback")
    plenary = Session.objects.filter(event=programme, kind=Session.Kind.PLENARY, speakers__isnull=False).first()
    services.save_answers(registration, services.Answers(sessions={plenary.pk: (4, "Clear and useful.")}, day_rating=5))

    anonymous = browser.new_context(bypass_csp=True, base_url=site.url)
    found = {path: violations(anonymous, site.url + path)}
    budgets = [measure(anonymous, site, path)]
    registration.feedback_requested_at = timezone.now() - dt.timedelta(days=services.ANSWER_DAYS + 1)
    registration.save()
    found[f"{path} (closed)"] = violations(anonymous, site.url + path)
    anonymous.close()

    # A speaker of that plenary, once the event is over.
    programme.date = timezone.localdate() - dt.timedelta(days=1)
    programme.save()
    speaker = plenary.speakers.first()
    speaker.user = UserFactory(verified=True)
    speaker.save()
    logged_in = log_in(browser, site, speaker.user)
    context = browser.new_context(bypass_csp=True, storage_state=logged_in.storage_state())
    found[results] = violations(context, site.url + results)
    budgets.append(measure(context, site, results))
    context.close()
    logged_in.close()

    assert {page: problems for page, problems in found.items() if problems} == {}
    for result in budgets:
        assert result["third_party"] == [], result
        assert result["requests"] <= MAX_REQUESTS and result["kb"] <= MAX_KB and result["dom"] <= MAX_DOM, result
        assert result["overflow_320"] <= 0, result
