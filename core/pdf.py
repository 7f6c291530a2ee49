"""WeasyPrint, fenced in: it may read the project's own static files and data: URIs, and
nothing else — no network address, no other local file — whatever text a person typed."""

import base64
import logging
import ssl
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.dispatch import Signal
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Sent once per PDF written through `write_pdf`, with `kind` (said by the caller: "badge",
# "sign_in_sheets"…), `pages` and `size_bytes`. The footprint counts them (connected in its
# AppConfig.ready()): this bottom layer knows no app above it.
pdf_rendered = Signal()


class ForbiddenResource(ValueError):
    pass


def allowed_roots() -> list[Path]:
    directories = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
    return [Path(directory).resolve() for directory in directories]


class ProjectFilesOnly(URLFetcher):
    def __init__(self):
        # An SSL context without the system's certificates (loading them costs 0.1 s): it is
        # never used, https being refused.
        super().__init__(allowed_protocols={"file", "data"}, ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return base64_data(url) or super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if any(path.is_relative_to(root) for root in allowed_roots()):
                return super().fetch(url, headers)
        raise ForbiddenResource(f"WeasyPrint may not fetch {url}")


def base64_data(url: str) -> URLFetcherResponse | None:
    """A base64 data: URI read at once (a badge's code), which urllib takes 1 ms to open;
    None for any other."""
    media_type, _, data = url.removeprefix("data:").partition(",")
    if not media_type.endswith(";base64"):
        return None
    content_type = media_type.removesuffix(";base64").split(";")[0] or "text/plain"
    return URLFetcherResponse(url, base64.b64decode(data), {"Content-Type": content_type})


def stylesheets(*names: str) -> list[str]:
    """The shipped font first, then the given static stylesheets, as files WeasyPrint reads."""
    return [finders.find(name) for name in ("pdf/fonts.css", *names)]


def write_pdf(document, *, kind: str) -> bytes:
    """The bytes of a rendered WeasyPrint document, announced by `pdf_rendered`."""
    pdf = document.write_pdf()
    # Robust: a count that fails must not cost anyone their PDF.
    answers = pdf_rendered.send_robust(sender=None, kind=kind, pages=len(document.pages), size_bytes=len(pdf))
    for receiver, answer in answers:
        if isinstance(answer, Exception):
            logger.warning("A %s PDF could not be counted by %s: %s", kind, receiver, answer)
    return pdf
