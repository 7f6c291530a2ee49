"""From a recorded e-mail to the message the mail server receives.

The outbox does not know what a "confirmed" or an "invitation" e-mail says: each app that
sends e-mails registers a renderer for its kinds (in its AppConfig's `ready()`), and the
task hands `build_message` to delivery. A message rendered by the request that asked for
it (allauth's codes and links, a speaker's invitation) is sent as it was recorded.
"""

import secrets
from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from email.message import EmailMessage as MIMEMessage
from email.message import MIMEPart
from email.policy import Policy
from email.policy import default as default_policy

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from mail import fallbacks
from mail.headers import parsing_headers_once
from mail.models import OutgoingEmail


@dataclass(frozen=True)
class InlineImage:
    """An image shown in the HTML part (`<img src="cid:…">`), sent with the message rather
    than fetched from a server: it shows without the network and tells no one it was opened."""

    cid: str  # the Content-ID, without its angle brackets
    content: bytes
    subtype: str  # of image/…
    alt: str
    width: int
    height: int
    caption: str = ""


@dataclass(frozen=True)
class Rendered:
    """What an e-mail says, as its renderer wrote it: the subject and text may bracket
    French fallbacks (`fallbacks.render_text`); `subject`, `text` and `html` read them."""

    marked_subject: str
    marked_text: str
    # (file name, content, MIME type), as EmailMessage.attach takes them.
    attachments: list[tuple[str, str, str]] = field(default_factory=list)
    # Shown after the text in the HTML part; the text part says in words where to find them.
    inline_images: list[InlineImage] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return fallbacks.plain(self.marked_subject)

    @property
    def text(self) -> str:
        return fallbacks.plain(self.marked_text)

    @property
    def html(self) -> SafeString:
        """The text as HTML paragraphs, each French fallback marked `lang="fr"`."""
        return fallbacks.as_html(self.marked_text)


Renderer = Callable[[OutgoingEmail], Rendered]
_renderers: dict[str, Renderer] = {}


def register_renderer(kinds: Iterable[str], renderer: Renderer) -> None:
    for kind in kinds:
        _renderers[kind] = renderer


_shared: ContextVar[dict | None] = ContextVar("shared", default=None)


@contextmanager
def sharing():
    """Within it, what renderers ask `shared` for is made once: a group of e-mails sent in
    one go (an announcement, a batch of confirmations) reads their event, its links and its
    programme once rather than once an e-mail. It lasts a group (about a second)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def is_sharing() -> bool:
    return _shared.get() is not None


def shared(key: Hashable, make: Callable[[], object]):
    """`make()`, made once for the group being sent, or each time outside one."""
    made = _shared.get()
    if made is None:
        return make()
    if key not in made:
        made[key] = make()
    return made[key]


def render(email: OutgoingEmail) -> Rendered:
    """The subject, text and attachments of an e-mail of a registered kind, in its language."""
    try:
        renderer = _renderers[email.kind]
    except KeyError:
        raise LookupError(f"No renderer for e-mails of kind {email.kind!r}") from None
    with translation.override(email.language):
        return renderer(email)


class FlattenedOnce(MIMEMessage):
    """A MIME message turned into bytes once: the SMTP backend sends those bytes and the
    outbox then weighs the same bytes (flattening a message costs as much as building it)."""

    def as_bytes(self, unixfrom=False, policy=None):
        if unixfrom or policy is not None:
            return super().as_bytes(unixfrom, policy)
        if "_flat" not in self.__dict__:
            self._flat = super().as_bytes()
        return self._flat


class OutboxMessage(EmailMultiAlternatives):
    """A message turned into MIME once: the backend sends it and the outbox then weighs that
    same MIME (`outbox.measure`), rather than building the whole message a second time."""

    built: MIMEMessage | None = None
    built_for: Policy | None = None

    def message(self, *, policy=default_policy):
        if self.built is None or self.built_for is not policy:
            self.built = super().message(policy=parsing_headers_once(policy))
            self.built_for = policy
            for part in self.built.walk():
                if part.is_multipart():
                    # The generator's own boundary costs a regular expression compiled and run
                    # over the whole message, to make sure it appears nowhere in it; "=_" never
                    # appears in quoted-printable or base64, and 128 random bits nowhere else.
                    part.set_boundary(f"=_{secrets.token_hex(16)}")
            # Complete once built (nothing changes it after): its bytes can be kept.
            self.built.__class__ = FlattenedOnce
        return self.built


def build_message(email: OutgoingEmail) -> OutboxMessage:
    """The message to send for a recorded e-mail, built at send time from current data; its
    HTML is the same text laid out by `mail/_layout.html`, so the two never disagree (save
    that the HTML marks the French passages of an English e-mail `lang="fr"`)."""
    if email.subject:
        message = OutboxMessage(email.subject, email.body_text, to=[email.recipient])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
    else:
        rendered = render(email)
        message = OutboxMessage(rendered.subject, rendered.text, to=[email.recipient])
        with translation.override(email.language):
            html = render_to_string(
                "mail/_layout.html",
                {"subject": rendered.subject, "body": rendered.html, "images": rendered.inline_images},
            )
        message.attach_alternative(html, "text/html")
        for attachment in rendered.attachments:
            message.attach(*attachment)
        for image in rendered.inline_images:
            message.attach(inline_part(image))
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    # Lets anyone (and the tests) see which recorded e-mail a delivered message is.
    message.extra_headers["X-TFC-Email-Id"] = str(email.pk)
    return message


def inline_part(image: InlineImage) -> MIMEPart:
    part = MIMEPart(policy=parsing_headers_once(default_policy))
    part.set_content(image.content, maintype="image", subtype=image.subtype, disposition="inline", cid=f"<{image.cid}>")
    return part
