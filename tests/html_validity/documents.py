"""The HTML documents to check, written to files, and the helpers the scenarios collect
them with."""

import io
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from mail.models import OutgoingEmail
from registrations import holds
from tests.factories import UserFactory

LANGUAGES = ["fr", "en"]


class Documents:
    """The HTML documents to check, each in its own file, with what it is."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sources: dict[str, str] = {}

    def add(self, source: str, html: str) -> Path:
        path = self.folder / f"{len(self.sources):04d}.html"
        path.write_text(html, encoding="utf-8")
        self.sources[path.name] = source
        return path

    def fetch(self, client, url, data=None, *, method="get", status=200, follow=False, flash=False):
        """The page at `url`, or where it redirects when `follow`; with `flash`, the page
        the redirect leads to, which must show a message."""
        response = getattr(client, method)(url, data or {}, follow=follow or flash)
        where = f"{method.upper()} {url}"
        if follow or flash:
            assert response.redirect_chain, f"{where} did not redirect"
            where += f" → {response.redirect_chain[-1][0]}"
        assert response.status_code == status, f"{where}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{where}: {response['Content-Type']}"
        html = response.content.decode()
        if flash:
            assert 'class="messages"' in html, f"{where}: no message shown"
        self.add(where, html)
        return response


def url(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def path_in(text: str, marker: str) -> str:
    """The site path of the first link in an e-mail's text that contains `marker`."""
    return re.search(rf"https?://[^/\s]+(/\S*{marker}\S*)", text).group(1)


def last_email(kind: str, recipient: str) -> OutgoingEmail:
    return OutgoingEmail.objects.filter(kind=kind, recipient=recipient).latest("pk")


def seat_held_for(event, lang: str, first_name: str):
    """A seat held, by someone who reads `lang`, for `first_name` Collègue of Mutuelle Exemple
    (at first_name-lang@client.example)."""
    return holds.hold_seat_for_colleague(
        event,
        held_by=UserFactory(language=lang, email=f"holder-{first_name.lower()}-{lang}@client.example"),
        first_name=first_name,
        last_name="Collègue",
        email=f"{first_name.lower()}-{lang}@client.example",
        organisation="Mutuelle Exemple",
        category="client",
    )


def picture(name="portrait.png") -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 60)).save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")
