import pytest
from django.db import transaction
from django.urls import reverse

from mail import rendering
from mail.outbox import queue_email

NOTE = "test_note"
BROKEN = "test_broken"


@pytest.fixture
def note_kind():
    """A kind rendered at send time, as an app's kinds are, known only to these tests."""

    def render_note(email):
        return rendering.Rendered(f"A note for {email.recipient}", f"Hello,\n\n{email.context.get('line', '')}\n")

    def render_broken(email):
        reverse("no-such-page")  # an error of ours, the same at every attempt

    rendering.register_renderer([NOTE], render_note)
    rendering.register_renderer([BROKEN], render_broken)
    yield NOTE
    for kind in (NOTE, BROKEN):
        rendering._renderers.pop(kind)


def queue(kind=NOTE, recipient="camille@example.org", **fields):
    """Queue one e-mail as a change would, in its transaction; it leaves on commit."""
    with transaction.atomic():
        return queue_email(recipient=recipient, kind=kind, **fields)
