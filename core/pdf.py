"""WeasyPrint, fenced in: it may read the project's own static files and data: URIs, and
nothing else — no network address, no other local file — whatever text a person typed."""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher


class ForbiddenResource(ValueError):
    pass


def allowed_roots() -> list[Path]:
    directories = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
    return [Path(directory).resolve() for directory in directories]


class ProjectFilesOnly(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if any(path.is_relative_to(root) for root in allowed_roots()):
                return super().fetch(url, headers)
        raise ForbiddenResource(f"WeasyPrint may not fetch {url}")


def stylesheets(*names: str) -> list[str]:
    """The shipped font first, then the given static stylesheets, as files WeasyPrint reads."""
    return [finders.find(name) for name in ("pdf/fonts.css", *names)]
