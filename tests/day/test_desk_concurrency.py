"""The desks' sync under real concurrent transactions (PostgreSQL): desks that come back
online at the same moment, resending the same scans and scanning the same badge."""

import datetime as dt
import uuid
from collections import Counter

import pytest

from day.badges import badge_for_registration
from day.desk import Scan, record_scan
from day.models import CheckIn, DeskScan, WorkshopAttendance
from tests.concurrency import run_concurrently
from tests.factories import RegistrationFactory, UserFactory, at, workshop_in_its_room

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MORNING = at("09:30")


def test_desks_resending_and_scanning_one_badge_at_once_record_one_check_in(organisers_group):
    registration = RegistrationFactory()
    token = badge_for_registration(registration).token
    staff = UserFactory()
    # Eight desks' scans of the same badge, each sent four times (a queue resent on every
    # reconnection), all at once.
    scans = [
        Scan(client_id=uuid.uuid4(), code=token, scanned_at=at("08:40") + dt.timedelta(minutes=i), desk=f"desk {i}")
        for i in range(8)
    ]
    answers = []

    def send(scan):
        answers.append((scan.client_id, record_scan(registration.event, scan, staff=staff, now=MORNING).outcome))

    errors = run_concurrently(send, [scan for scan in scans for _ in range(4)], threads=8)

    assert errors == []
    assert CheckIn.objects.count() == 1
    assert DeskScan.objects.count() == 8
    assert set(DeskScan.objects.values_list("client_id", flat=True)) == {scan.client_id for scan in scans}
    # Every resend of a scan got the answer its first sending got.
    by_scan = {}
    for client_id, outcome in answers:
        by_scan.setdefault(client_id, set()).add(outcome)
    assert all(len(outcomes) == 1 for outcomes in by_scan.values())
    # Whatever the order they arrived in, the arrival is the earliest scan's.
    check_in = CheckIn.objects.get()
    assert (check_in.checked_in_at, check_in.desk) == (at("08:40"), "desk 0")
    assert str(check_in.client_id) == str(scans[0].client_id)


def test_workshop_scans_at_once_record_one_attendance(organisers_group):
    registration = RegistrationFactory()
    workshop = workshop_in_its_room(registration.event, "11:00", "12:00", capacity=5)
    token = badge_for_registration(registration).token
    staff = UserFactory()
    scans = [
        Scan(client_id=uuid.uuid4(), code=token, scanned_at=at("08:50"), mode="workshop", session=workshop)
        for _ in range(6)
    ]
    outcomes = Counter()

    def send(scan):
        outcomes[record_scan(registration.event, scan, staff=staff, now=MORNING).outcome] += 1

    assert run_concurrently(send, scans * 2, threads=6) == []
    assert WorkshopAttendance.objects.count() == 1
    assert DeskScan.objects.count() == 6
    assert outcomes["not_booked"] == 2  # the first scan, and its resend
    assert outcomes["already_attended"] == 10
