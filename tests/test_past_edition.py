"""The demo site's two editions: `./dev.sh serve` loads the current one and last year's."""

import pytest
from django.core.management import call_command

from day.models import CheckIn
from events.models import Event
from registrations.models import Registration
from techforclimate.past_edition import DEMO_ATTENDEE

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_editions_side_by_side_and_loads_again_the_same(client):
    call_command("load_techforclimate", verbosity=0)
    for _ in range(2):
        call_command("load_past_edition", verbosity=0)
    current, past = Event.objects.order_by("-date")
    assert past.date.year == current.date.year - 1 and past.sessions.count() == current.sessions.count()
    assert CheckIn.objects.filter(registration__event=past).count() == 8
    assert Registration.objects.filter(user__email=DEMO_ATTENDEE).count() == 2
    assert CheckIn.objects.filter(registration__event=current).count() == 0
    # Each edition answers with its own pages.
    for prefix in ("/en/", f"/en/{past.edition}/"):
        for page in ("", "programme/", "speakers/"):
            assert client.get(prefix + page).status_code == 200, prefix + page
    # Last year's footprint is published (the current edition's is not, before its day).
    assert client.get(f"/en/{past.edition}/footprint/").status_code == 200
    assert client.get("/en/footprint/").status_code == 404
