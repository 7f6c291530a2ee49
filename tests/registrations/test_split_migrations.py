"""The split of registrations (its 0018–0020; feedback, backoffice and day 0001) moves only
Django's state and the content types: undone back to before the split and done again, a
database holding a registration with its check-in, its feedback, an announcement with the
e-mail that carried it and an organiser's admin history keeps every row, each content type
(the same row, by its id), the organisers' rights and what the e-mail and the history are
about."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backoffice.announcements import send_announcement
from backoffice.models import Announcement
from day.models import BadgePrintRun, CheckIn, DeskScan
from feedback.models import DayFeedback, SessionFeedback
from mail.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import (
    AnnouncementFactory,
    BadgePrintRunFactory,
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    at,
)

BEFORE = [
    ("registrations", "0017_scan_times_a_clock_can_show"),
    ("feedback", None),
    ("backoffice", None),
    ("day", None),
]
# The models that moved, by their new app; each kept its table.
MOVED = {
    "day": ["checkin", "deskscan", "workshopattendance", "deskbadgeprint", "badgeprintrun"],
    "feedback": ["sessionfeedback", "dayfeedback"],
    "backoffice": ["announcement"],
}
ORGANISERS_RIGHTS = {
    "day": {"view_checkin", "view_badgeprintrun", "add_badgeprintrun"},
    "backoffice": {"view_announcement", "add_announcement", "change_announcement", "delete_announcement"},
}

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()  # the rows were renamed under the cache of this process
    return executor


def content_types() -> dict[str, tuple[str, int]]:
    """{model: (app label, id)} of the moved models' content types."""
    models = [model for names in MOVED.values() for model in names]
    return {ct.model: (ct.app_label, ct.pk) for ct in ContentType.objects.filter(model__in=models)}


def organisers_rights(content_type_ids) -> set[tuple[int, str]]:
    permissions = Group.objects.get(name="Organisers").permissions.filter(content_type_id__in=content_type_ids)
    return set(permissions.values_list("content_type_id", "codename"))


@pytest.fixture
def the_day_and_after(organisers_group):
    """Rows of every moved model, written with today's schema, and what points at them."""
    event = EventFactory()
    registration = RegistrationFactory(event=event, first_name="Inès", last_name="Garnier")
    check_in = CheckInFactory(registration=registration, desk="desk 2")
    organiser = UserFactory(is_staff=True)
    DeskScan.objects.create(
        client_id="6f1c9a52-3c1e-4d9b-9b7e-8f6f3e0c2a11",
        event=event,
        registration=registration,
        staff=organiser,
        desk="desk 2",
        scanned_at=check_in.checked_in_at,
        outcome="checked_in",
    )
    plenary = SessionFactory(event=event, start=at("09:00"), end=at("10:00"))
    SessionFeedback.objects.create(registration=registration, session=plenary, rating=4, comment="Clair.")
    DayFeedback.objects.create(registration=registration, rating=5, comment="Plus de pauses.")
    announcement = AnnouncementFactory(event=event)
    send_announcement(announcement)
    run = BadgePrintRunFactory(event=event, created_by=organiser)
    LogEntry.objects.create(
        user=organiser,
        content_type=ContentType.objects.get_for_model(CheckIn),
        object_id=str(check_in.pk),
        object_repr=str(check_in),
        action_flag=CHANGE,
    )
    return {"registration": registration, "check_in": check_in, "announcement": announcement, "run": run}


@pytest.fixture
def before_the_split(the_day_and_after):
    """The database as it was before the split; migrated back to the present afterwards,
    whatever the test did."""
    executor = migrate(BEFORE)
    yield executor.loader.project_state(BEFORE[0]).apps
    migrate(None)


def test_undone_the_split_gives_registrations_back_its_models_rows_and_content_types(
    the_day_and_after, before_the_split
):
    moved_types = content_types()
    assert {app for app, _ in moved_types.values()} == {"registrations"}
    Old = {name: before_the_split.get_model("registrations", name) for name in ["CheckIn", "Announcement"]}
    check_in = Old["CheckIn"].objects.get()
    assert (check_in.pk, check_in.registration_id, check_in.desk) == (
        the_day_and_after["check_in"].pk,
        the_day_and_after["registration"].pk,
        "desk 2",
    )
    assert before_the_split.get_model("registrations", "SessionFeedback").objects.get().comment == "Clair."
    assert before_the_split.get_model("registrations", "DayFeedback").objects.get().rating == 5
    assert Old["Announcement"].objects.get().subject_en == "Practical information"
    email = OutgoingEmail.objects.get(kind="announcement")
    assert (email.content_type_id, email.object_id) == (
        moved_types["announcement"][1],
        the_day_and_after["announcement"].pk,
    )


def test_the_split_undone_and_done_again_keeps_every_row_content_type_right_and_reference(the_day_and_after):
    present = content_types()
    rights = organisers_rights([pk for _, pk in present.values()])
    assert {model: app for model, (app, _) in present.items()} == {
        model: app for app, models in MOVED.items() for model in models
    }
    assert {(ContentType.objects.get_for_id(pk).app_label, codename) for pk, codename in rights} == {
        (app, codename) for app, codenames in ORGANISERS_RIGHTS.items() for codename in codenames
    }

    try:
        migrate(BEFORE)
        assert content_types() == {model: ("registrations", pk) for model, (_, pk) in present.items()}
        assert organisers_rights([pk for _, pk in present.values()]) == rights
    finally:
        migrate(None)

    assert content_types() == present
    assert organisers_rights([pk for _, pk in present.values()]) == rights
    registration = Registration.objects.get(pk=the_day_and_after["registration"].pk)
    assert registration.check_in == the_day_and_after["check_in"]
    assert DeskScan.objects.get().registration == registration
    assert SessionFeedback.objects.get(registration=registration).comment == "Clair."
    assert DayFeedback.objects.get(registration=registration).comment == "Plus de pauses."
    assert BadgePrintRun.objects.get() == the_day_and_after["run"]
    email = OutgoingEmail.objects.get(kind="announcement")
    assert email.about == Announcement.objects.get() == the_day_and_after["announcement"]
    assert LogEntry.objects.get().get_edited_object() == the_day_and_after["check_in"]
    organiser = UserFactory(is_staff=True)
    organiser.groups.add(Group.objects.get(name="Organisers"))
    assert organiser.has_perms(["day.view_checkin", "day.add_badgeprintrun", "backoffice.change_announcement"])


def test_a_content_type_made_afresh_while_the_split_was_undone_gives_way_to_the_old_one(
    the_day_and_after, before_the_split
):
    """`migrate` makes the content types of the apps it knows at its end: undone with
    today's code, the day's would be made anew, empty, beside the old rows."""
    old = content_types()["checkin"][1]
    afresh = ContentType.objects.create(app_label="day", model="checkin")

    migrate(None)

    assert ContentType.objects.get_for_model(CheckIn).pk == old != afresh.pk
    assert not ContentType.objects.filter(pk=afresh.pk).exists()
    assert LogEntry.objects.get().get_edited_object() == the_day_and_after["check_in"]
