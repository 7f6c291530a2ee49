"""The outbox's move from `registrations` to `mail` (registrations 0007–0009, mail 0001–0002)
keeps every e-mail row, its history and what it was about, and the organisers' rights."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Session
from mail.models import OutgoingEmail
from tests.factories import (
    AnnouncementFactory,
    EventFactory,
    InviteeFactory,
    RegistrationFactory,
    SeatHoldFactory,
    SessionFactory,
    at,
)

BEFORE = [("registrations", "0006_dated_consents_and_anonymisation"), ("mail", None)]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def sources():
    """What the e-mails are about, written with today's schema; their rows outlive the
    migrations undone below (which only drop later columns and tables)."""
    event = EventFactory()
    return {
        "workshop": SessionFactory(event=event, kind=Session.Kind.WORKSHOP, start=at("11:00"), end=at("12:00")),
        "registration": RegistrationFactory(event=event),
        "announcement": AnnouncementFactory(event=event),
        "invitee": InviteeFactory(event=event),
        "hold": SeatHoldFactory(event=event),
    }


@pytest.fixture
def before_the_move(sources):
    """The database as it was before the move; migrated back to the present afterwards,
    whatever the test did."""
    executor = migrate(BEFORE)
    yield executor.loader.project_state(BEFORE[0]).apps
    migrate(None)


def test_every_email_keeps_its_row_history_and_what_it_was_about(sources, before_the_move):
    OldEmail = before_the_move.get_model("registrations", "OutgoingEmail")
    workshop, registration = sources["workshop"], sources["registration"]
    announcement, invitee, hold = sources["announcement"], sources["invitee"], sources["hold"]
    rows = {
        "confirmed": {"registration_id": registration.pk},
        "workshop_booked": {"registration_id": registration.pk, "session_id": workshop.pk},
        "announcement": {"registration_id": registration.pk, "announcement_id": announcement.pk},
        "invitation": {"invitee_id": invitee.pk},
        "colleague_hold": {"hold_id": hold.pk},
        "account:login_code": {},
    }
    old_ids = {
        kind: OldEmail.objects.create(
            recipient=f"{kind}@example.org",
            kind=kind,
            status="sent",
            attempts=2,
            last_error="451 4.3.0 Try again later",
            context={"position": 3} if kind == "confirmed" else {},
            **keys,
        ).pk
        for kind, keys in rows.items()
    }
    old_type = ContentType.objects.get(app_label="registrations", model="outgoingemail")

    migrate(None)

    emails = {email.kind: email for email in OutgoingEmail.objects.all()}
    assert {kind: email.pk for kind, email in emails.items()} == old_ids
    assert {(e.status, e.attempts, e.last_error) for e in emails.values()} == {("sent", 2, "451 4.3.0 Try again later")}
    assert {kind: (email.about, email.context) for kind, email in emails.items()} == {
        "confirmed": (registration, {"position": 3}),
        "workshop_booked": (registration, {"session_id": workshop.pk}),
        "announcement": (announcement, {"registration_id": registration.pk}),
        "invitation": (invitee, {}),
        "colleague_hold": (hold, {}),
        "account:login_code": (None, {}),
    }
    assert set(registration.emails.values_list("kind", flat=True)) == {"confirmed", "workshop_booked"}
    # The same content type, renamed: the organisers' rights and the admin log follow it.
    assert ContentType.objects.get_for_model(OutgoingEmail).pk == old_type.pk
    organisers = Group.objects.get(name="Organisers").permissions
    assert set(organisers.filter(content_type=old_type).values_list("codename", flat=True)) == {
        "view_outgoingemail",
        "change_outgoingemail",
    }
