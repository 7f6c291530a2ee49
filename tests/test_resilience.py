"""The site without its database: a maintenance page, not a server error."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_database_unavailable_gives_a_maintenance_page():
    port = free_port()
    env = os.environ | {
        "DJANGO_ENV": "development",
        "DEBUG": "false",
        # Nothing listens there: every query fails to connect.
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/techforclimate",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "techforclimate.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5)
                raise AssertionError("the home page answered without a database")
            except urllib.error.HTTPError as error:
                response = error
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert response.code == 503
        assert response.headers["Retry-After"] == "30"
        assert "The site is briefly unavailable" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
