import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env_vars):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "a-real-looking-secret-of-sufficient-length-and-variety-1234567890",
    "ALLOWED_HOSTS": "techforclimate.example.org",
    "DATABASE_URL": "postgres://techforclimate:secret@db.example.org:5432/techforclimate",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def test_production_settings_pass_the_deployment_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY"])
def test_production_refuses_to_start_without_a_secret(missing):
    settings = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = run_manage("check", **settings)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production." in result.stderr


def test_production_refuses_debug():
    result = run_manage("check", DEBUG="1", **PRODUCTION)
    assert "DEBUG must be off in production." in result.stderr


def test_development_defaults_to_sqlite_and_eager_celery():
    from django.conf import settings

    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.REDIS_URL)
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.LANGUAGE_CODE == "fr"


def test_email_url_to_a_folder_keeps_its_absolute_path():
    from techforclimate.settings import mailer_from_url

    assert mailer_from_url("filemail:///var/mail/tfc") == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/var/mail/tfc"},
    }


def test_the_trusted_proxy_count_is_one_in_env_example_compose_and_the_production_default():
    from tests.test_compose import app_environment, env_example_lines

    example = next(line.split("=", 1)[1] for line in env_example_lines() if line.startswith("TRUSTED_PROXY_COUNT="))
    compose = app_environment()["TRUSTED_PROXY_COUNT"]
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    production = run_manage("shell", "-c", code, **PRODUCTION).stdout.split()[-1]
    development = run_manage("shell", "-c", code).stdout.split()[-1]
    assert (example, compose, production, development) == ("1", "${TRUSTED_PROXY_COUNT:-1}", "1", "0")
