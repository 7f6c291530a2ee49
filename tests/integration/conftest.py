"""Real services for the integration tests: a Celery worker process on Redis, a private
redis-server that a test may stop and start, and the site's Celery client pointed at them."""

import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from techforclimate.celery import app as celery_app
from tests.mailserver import SMTPServer, free_port

ROOT = Path(__file__).resolve().parents[2]
SHARED_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def missing_service(what: str):
    message = f"!!! {what}: this test cannot run here."
    if os.environ.get("TFC_REQUIRE_SERVICES"):
        pytest.fail(message + " (TFC_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(message)


def database_url() -> str:
    """The URL of the test database, for processes other than this one."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class Worker:
    """`celery worker` in its own process, as in production (prefork, 2 processes)."""

    def __init__(self, *, broker_url: str, queue: str, smtp: SMTPServer, **extra_env):
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "techforclimate.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "EMAIL_URL": smtp.url,
            "EMAIL_RETRY_BASE_SECONDS": "1",
            "CONN_MAX_AGE": "0",
            **extra_env,
        }
        self.command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "techforclimate",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            f"--queues={queue}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=test-{queue}@%h",
        ]
        self.output: list[str] = []
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60):
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, so that a test can kill it whole
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not any(" ready." in line for line in self.output):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("The Celery worker did not start:\n" + "".join(self.output[-40:]))
            time.sleep(0.1)
        return self

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    def kill(self):
        """SIGKILL the worker and its pool processes at once, as a crash would."""
        import signal

        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def without_a_moved_clock(environment) -> dict:
    """The environment minus libfaketime (./dev.sh's pass at a second moment): redis-server
    crashes on start under it (its allocator's clock_gettime recursion), and a Redis needs
    no calendar, only the relative expiries it keeps on its own clock."""
    return {name: value for name, value in environment.items() if name not in ("LD_PRELOAD", "FAKETIME")}


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=without_a_moved_clock(os.environ),
        )
        deadline = time.monotonic() + 10
        while not redis_answers(self.url):
            if time.monotonic() > deadline:
                raise RuntimeError("the private redis-server did not start")
            time.sleep(0.05)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def point_celery_at(broker_url: str | None, queue: str = "celery"):
    """Make this process publish tasks to `broker_url` (None: back to eager, in-process),
    through the transport the site's settings give Celery with Redis."""
    celery_app.conf.update(
        broker_url=broker_url or "memory://",
        broker_transport="core.broker:Transport" if broker_url else None,
        task_always_eager=broker_url is None,
        task_default_queue=queue,
    )
    celery_app._after_fork()  # forget connections made to the previous broker


@pytest.fixture
def smtp():
    with SMTPServer() as server:
        yield server


@pytest.fixture
def queue():
    # A queue of its own, so that the shared Redis may serve other things meanwhile.
    return f"tfc-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def worker_on_shared_redis(transactional_db, smtp, queue):
    if not redis_answers(SHARED_REDIS):
        missing_service(f"Redis does not answer at {SHARED_REDIS}")
    point_celery_at(SHARED_REDIS, queue)
    worker = Worker(broker_url=SHARED_REDIS, queue=queue, smtp=smtp).start()
    yield worker
    worker.stop()
    point_celery_at(None)


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        missing_service("redis-server is not installed")
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def worker_on_private_redis(transactional_db, smtp, queue, private_redis):
    point_celery_at(private_redis.url, queue)
    worker = Worker(broker_url=private_redis.url, queue=queue, smtp=smtp).start()
    yield worker
    worker.stop()
    point_celery_at(None)
