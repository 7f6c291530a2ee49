"""Benchmark (not a test: it asserts nothing about time): e-mails through one Celery worker.

    ./dev.sh bench

Figures are printed next to a baseline measured in the same run — the same e-mails sent
in-process, without Celery — because these machines are shared and noisy."""

import statistics
import time

import pytest
from django.db import transaction

from mail import outbox
from mail.models import OutgoingEmail
from mail.rendering import build_message
from registrations.services import register_attendee
from tests.bench.report import record
from tests.edition import OPEN
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.integration.conftest import SHARED_REDIS, Worker, missing_service, point_celery_at, redis_answers
from tests.registering import details

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

THROUGHPUT_EMAILS = 400
LATENCY_SAMPLES = 30


@pytest.fixture
def worker(transactional_db, smtp, queue):
    """One worker (prefork × 2) on the machine's Redis, as in production: its database
    connection kept between tasks (CONN_MAX_AGE's default, 60 s), where the integration
    tests' workers open one a task, as the in-process baseline does not."""
    if not redis_answers(SHARED_REDIS):
        missing_service(f"Redis does not answer at {SHARED_REDIS}")
    point_celery_at(SHARED_REDIS, queue)
    worker = Worker(broker_url=SHARED_REDIS, queue=queue, smtp=smtp, CONN_MAX_AGE="60").start()
    yield worker
    worker.stop()
    point_celery_at(None)


def make_emails(count: int) -> list[int]:
    event = EventFactory(capacity=10_000)
    registrations = RegistrationFactory.create_batch(count, event=event)
    emails = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(recipient=r.user.email, language="en", kind="confirmed", about=r) for r in registrations
    )
    return [email.pk for email in emails]


def report(title: str, rows: list[tuple[str, str]]):
    width = max(len(label) for label, _ in rows)
    print(f"\n{title}")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


def test_bench_email_throughput(settings, worker, smtp):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "timeout": 5},
        }
    }
    # Baseline: the same e-mails sent one after the other in this process, no Celery.
    baseline_ids = make_emails(THROUGHPUT_EMAILS // 4)
    started = time.perf_counter()
    for email_id in baseline_ids:
        outbox.deliver_email(email_id, build=build_message)
    in_process_rate = len(baseline_ids) / (time.perf_counter() - started)

    smtp.handler.clear()
    smtp.handler.sessions.clear()
    email_ids = make_emails(THROUGHPUT_EMAILS)
    started = time.perf_counter()
    outbox.enqueue(email_ids)
    smtp.wait_for(len(email_ids), timeout=120)
    worker_rate = smtp.count / (time.perf_counter() - started)

    report(
        "E-mails per second",
        [
            ("in-process, no Celery (baseline)", f"{in_process_rate:7.1f}/s"),
            (
                "one worker, prefork × 2, on Redis",
                f"{worker_rate:7.1f}/s  ({worker_rate / in_process_rate:.2f}× baseline)",
            ),
            ("delivered", f"{smtp.count} of {len(email_ids)}"),
            ("SMTP connections opened by the worker", str(smtp.connections)),
        ],
    )
    record(
        "e-mails per second, one worker",
        worker_rate,
        in_process_rate,
        goal=">= 4x",
        higher_is_better=True,
        unit="e-mails/s",
    )


def test_bench_commit_to_delivery_latency(settings, worker, smtp):
    event = EventFactory(capacity=10_000)
    latencies, registering, baseline, commits = [], [], [], []
    for _ in range(LATENCY_SAMPLES):
        count, user = smtp.count, UserFactory()
        started = time.perf_counter()
        with transaction.atomic():
            # Runs at commit, before the registration's own callback queues the e-mail.
            transaction.on_commit(lambda: commits.append(time.perf_counter()))
            register_attendee(event, user=user, details=details(), now=OPEN)
        smtp.wait_for(count + 1, timeout=30)
        latencies.append(time.perf_counter() - commits[-1])
        registering.append(commits[-1] - started)

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "timeout": 5},
        }
    }
    for email_id in make_emails(LATENCY_SAMPLES):
        started = time.perf_counter()
        outbox.deliver_email(email_id, build=build_message)
        baseline.append(time.perf_counter() - started)

    median, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]
    base = statistics.median(baseline)
    report(
        "From registration commit to delivery at the SMTP server",
        [
            ("in-process send (baseline), median", f"{base * 1000:7.1f} ms"),
            ("through Redis and the worker, median", f"{median * 1000:7.1f} ms  ({median / base:.1f}× baseline)"),
            ("through Redis and the worker, p95", f"{p95 * 1000:7.1f} ms"),
            ("(the registration itself, before commit, median)", f"{statistics.median(registering) * 1000:7.1f} ms"),
        ],
    )
    record(
        "commit to delivery, median",
        median * 1000,
        base * 1000,
        goal="<= 1.5x",
        higher_is_better=False,
        unit="ms",
    )
