"""Checks of the deployment files: docker-compose.yml, the Dockerfile and .env.example.

No Docker engine is needed: the files are parsed and compared with what the settings expect.
"""

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
HEALTHY = {"condition": "service_healthy"}


@cache
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def services() -> dict:
    return compose()["services"]


def app_environment() -> dict:
    return services()["web"]["environment"]


def env_example_lines() -> list[str]:
    return (ROOT / ".env.example").read_text().splitlines()


def env_example_names(*, set_only: bool = False) -> set[str]:
    """Variable names in .env.example; set_only leaves out the commented-out ones."""
    pattern = r"([A-Z][A-Z0-9_]*)=" if set_only else r"#?\s*([A-Z][A-Z0-9_]*)="
    return {m.group(1) for line in env_example_lines() if (m := re.match(pattern, line))}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments left out."""
    instructions, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        current += stripped
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        keyword, _, arguments = current.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def test_the_five_services_exist():
    assert set(services()) == {"postgres", "redis", "web", "worker", "beat"}


def test_web_worker_and_beat_share_one_image_and_one_environment():
    web, worker, beat = (services()[name] for name in APP_SERVICES)
    assert web["image"] == worker["image"] == beat["image"] == "techforclimate:latest"
    assert web["build"] == worker["build"] == beat["build"] == "."
    assert web["environment"] == worker["environment"] == beat["environment"]
    assert web["volumes"] == worker["volumes"] == beat["volumes"] == ["media:/app/media"]
    assert {name: services()[name]["restart"] for name in APP_SERVICES} == dict.fromkeys(APP_SERVICES, "unless-stopped")


def test_app_environment_is_production_with_postgres_and_redis():
    environment = app_environment()
    assert environment["DJANGO_ENV"] == "production"
    assert environment["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY}"
    assert environment["MEDIA_ROOT"] == "/app/media"

    database = urlsplit(environment["DATABASE_URL"])
    assert database.scheme == "postgres"
    assert database.hostname == "postgres"
    assert database.port == 5432
    assert database.username == "techforclimate"
    assert database.path == "/techforclimate"
    assert environment["DATABASE_URL"] == (
        "postgres://techforclimate:${POSTGRES_PASSWORD}@postgres:5432/techforclimate"
    )
    postgres = services()["postgres"]["environment"]
    assert postgres["POSTGRES_USER"] == database.username
    assert postgres["POSTGRES_DB"] == database.path.lstrip("/")

    redis = urlsplit(environment["REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)
    assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_every_service_but_beat_has_a_healthcheck():
    with_healthcheck = {name for name, service in services().items() if "healthcheck" in service}
    assert with_healthcheck == {"postgres", "redis", "web", "worker"}
    assert services()["postgres"]["healthcheck"]["test"] == [
        "CMD",
        "pg_isready",
        "-U",
        "techforclimate",
        "-d",
        "techforclimate",
    ]
    assert services()["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    # $$ reaches the container as $, so the shell expands the worker's own host name.
    assert services()["worker"]["healthcheck"]["test"] == [
        "CMD-SHELL",
        "celery -A techforclimate inspect ping -d celery@$$HOSTNAME --timeout 10",
    ]


def test_web_healthcheck_requests_localhost_as_https():
    test = services()["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    script = test[3]
    url = urlsplit(re.search(r"Request\('([^']+)'", script).group(1))
    assert (url.scheme, url.hostname, url.port, url.path) == (
        "http",
        "localhost",
        8000,
        "/admin/login/",
    )
    assert "headers={'X-Forwarded-Proto': 'https'}" in script
    # The request's Host is localhost: the default and the example must allow it.
    assert app_environment()["ALLOWED_HOSTS"] == "${ALLOWED_HOSTS:-localhost}"
    example = dict(line.split("=", 1) for line in env_example_lines() if line.startswith("ALLOWED_HOSTS="))
    assert "localhost" in example["ALLOWED_HOSTS"].split(",")


@pytest.mark.django_db  # every page knows its edition: the healthcheck's reads it too
def test_web_healthcheck_request_gets_a_200_from_production_security_settings(client, settings):
    # What SECURE_SSL_REDIRECT and ALLOWED_HOSTS are in the container (production mode).
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True

    healthcheck = client.get("/admin/login/", headers={"host": "localhost:8000", "x-forwarded-proto": "https"})
    plain_http = client.get("/admin/login/", headers={"host": "localhost:8000"})

    assert healthcheck.status_code == 200
    assert plain_http.status_code == 301


def test_app_services_wait_for_healthy_postgres_and_redis():
    for name in APP_SERVICES:
        assert services()[name]["depends_on"] == {"postgres": HEALTHY, "redis": HEALTHY}, name


def test_commands():
    assert services()["web"]["command"] == [
        "sh",
        "-c",
        "python manage.py migrate --no-input && exec gunicorn techforclimate.wsgi:application"
        " --bind 0.0.0.0:8000 --workers 3 --access-logfile -",
    ]
    # Only the proxy on the host reaches gunicorn: nobody bypasses it from the network.
    assert services()["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services()["worker"]["command"] == [
        "celery",
        "-A",
        "techforclimate",
        "worker",
        "--loglevel=info",
        "--concurrency=2",
    ]
    assert services()["beat"]["command"] == [
        "celery",
        "-A",
        "techforclimate",
        "beat",
        "--loglevel=info",
        "--schedule",
        "/tmp/celerybeat-schedule",
    ]
    assert services()["redis"]["command"] == ["redis-server", "--appendonly", "yes"]


def test_named_volumes():
    assert set(compose()["volumes"]) == {"pgdata", "redisdata", "media"}
    assert services()["postgres"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert services()["redis"]["volumes"] == ["redisdata:/data"]


def test_every_app_variable_is_documented_in_env_example():
    missing = set(app_environment()) - env_example_names()
    assert missing == set()


def test_every_variable_compose_reads_is_in_env_example_and_required_ones_are_set():
    text = (ROOT / "docker-compose.yml").read_text()
    # ${NAME...} but not $${NAME}, which Compose leaves to the container's shell.
    read = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))
    required = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*):\?", text))
    assert required == {"SECRET_KEY", "POSTGRES_PASSWORD"}
    assert read - env_example_names() == set()
    assert required - env_example_names(set_only=True) == set()


def test_dockerfile_runs_gunicorn_as_the_app_user():
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    assert instructions[0] == ("FROM", "python:3.12-slim-bookworm")
    cmd = [arguments for keyword, arguments in instructions if keyword == "CMD"]
    assert len(cmd) == 1
    assert json.loads(cmd[0]) == [
        "gunicorn",
        "techforclimate.wsgi:application",
        "--bind",
        "0.0.0.0:8000",
        "--workers",
        "3",
        "--access-logfile",
        "-",
    ]
    assert ("EXPOSE", "8000") in instructions
    assert ("USER", "app") in instructions
    assert keywords.index("USER") < keywords.index("CMD")


def test_dockerfile_keeps_the_build_secret_out_of_the_image():
    # The throwaway SECRET_KEY lives only in the RUN step that needs it, never in ENV or ARG.
    for keyword, arguments in dockerfile_instructions():
        if keyword in {"ENV", "ARG"}:
            assert "SECRET_KEY" not in arguments
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    assert any("python manage.py collectstatic --no-input" in run for run in runs)
    assert any("python manage.py compilemessages" in run for run in runs)
    assert any("pip install --no-cache-dir ." in run for run in runs)
