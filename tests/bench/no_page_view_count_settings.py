"""The benchmarks' settings without the page-view counter: the baseline of its cost."""

from tests.bench.load_settings import *  # noqa: F403
from tests.bench.load_settings import MIDDLEWARE

MIDDLEWARE = [name for name in MIDDLEWARE if name != "footprint.page_views.PageViewMiddleware"]
