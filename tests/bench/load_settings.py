"""The site's own settings (production when DJANGO_ENV says so) plus the bare views that the
load benchmarks measure the site against, under the same server."""

from techforclimate.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.load_urls"
