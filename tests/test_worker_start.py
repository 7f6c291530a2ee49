"""A Celery worker loads, before forking its pool, what each pool process would load at its
first task (techforclimate.celery.load_before_forking)."""

import subprocess
import sys
import textwrap

from tests.integration.conftest import ROOT

# In a new interpreter, as a worker's main process starts: what is loaded already is not.
PROBE = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.urls import reverse
    from django.utils import translation
    from techforclimate.celery import load_before_forking

    assert "techforclimate.urls" not in sys.modules
    load_before_forking()
    loaded = set(sys.modules)
    for language in ("fr", "en"):
        with translation.override(language):
            reverse("registrations:mine"), reverse("admin:index"), reverse("account_login")
    print(sorted(set(sys.modules) - loaded))
    """
)


def test_a_worker_loads_the_urls_before_forking_its_processes():
    env = {"DJANGO_SETTINGS_MODULE": "techforclimate.settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"  # nothing left for the first e-mail to import
