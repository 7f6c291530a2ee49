"""Badges: who gets one, what it shows, and the PDF that WeasyPrint renders.

Rendering is batched: every badge of a print run goes into one document, because most of
WeasyPrint's cost is per document (font subsetting), not per page."""

import base64
import functools
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import batched
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.template import Context, Engine, Template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from accounts.models import User
from accounts.roles import ORGANISERS_GROUP
from core.content_language import active_language, language_of
from core.pdf import ProjectFilesOnly, stylesheets, write_pdf
from day.models import BadgePrintRun
from day.paperless import badge_qr_png
from day.tokens import badge_token
from events.models import Event
from registrations.models import Registration
from speakers.models import Speaker

ROLE_LABELS = {
    "client": _("Client"),
    "partner": _("Partner"),
    "supplier": _("Supplier"),
    "press": _("Press"),
    "other": _("Attendee"),
    "speaker": _("Speaker"),
    "organiser": _("Organiser"),
}
# Layout of the A4 sheets: four badges, two by two.
BADGES_PER_SHEET = 4
RENDER_CHUNK = 50


@dataclass(frozen=True)
class Badge:
    first_name: str
    last_name: str
    organisation: str
    role: str
    token: str
    event: Event
    job_title: str = ""
    # The job title's language when it is not the badge's (a speaker's French title on an
    # English badge), for its `lang` attribute; empty otherwise or when unknown.
    job_title_language: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def name_lines(self) -> str:
        """The first name above the last (badge.css keeps the line break), either alone if
        the other is empty."""
        return "\n".join(name for name in (self.first_name, self.last_name) if name)

    @property
    def name_size(self) -> str:
        """Long names get a smaller type so that they fit the badge's width."""
        longest = max(len(self.first_name), len(self.last_name))
        return "large" if longest <= 12 else "medium" if longest <= 18 else "small"

    @property
    def job_title_size(self) -> str:
        """A long job title gets a smaller type to stay on one line (beyond, it is cut short)."""
        return "normal" if len(self.job_title) <= 34 else "small"

    @property
    def qr_code(self) -> str:
        """The code as a PNG of one grey pixel a module (the e-mail's code, error correction
        M): WeasyPrint embeds it as one small image where an SVG code cost it hundreds of
        paths to draw. badge.css gives each module a whole number of printer dots."""
        png = badge_qr_png(self.token)
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def badge_for_registration(registration: Registration) -> Badge:
    return Badge(
        first_name=registration.first_name,
        last_name=registration.last_name,
        organisation=registration.organisation,
        job_title=registration.job_title,  # as the attendee typed it, in whatever language
        role=registration.category,
        token=badge_token(
            event_id=registration.event_id,
            kind="registration",
            pk=registration.pk,
            version=registration.badge_version,
        ),
        event=registration.event,
    )


def badge_for_speaker(speaker, event: Event) -> Badge:
    """The speaker's badge in the active language: their job title in it, or in French."""
    first, _, last = speaker.name.partition(" ")
    job_title_language = language_of(speaker, "job_title")
    return Badge(
        first_name=first,
        last_name=last,
        organisation=speaker.organisation,
        job_title=speaker.job_title,
        job_title_language=job_title_language if job_title_language != active_language() else "",
        role="speaker",
        token=badge_token(event_id=event.pk, kind="speaker", pk=speaker.pk),
        event=event,
    )


def badge_for_organiser(user, event: Event) -> Badge:
    return Badge(
        first_name=user.first_name or user.email.split("@")[0],
        last_name=user.last_name,
        organisation="Constellation",
        role="organiser",
        token=badge_token(event_id=event.pk, kind="organiser", pk=user.pk),
        event=event,
    )


class BadgeSetup(NamedTuple):
    font_config: FontConfiguration
    styles: tuple[CSS, ...]
    url_fetcher: ProjectFilesOnly
    template: Template


@functools.cache
def badge_setup() -> BadgeSetup:
    """The fonts, the stylesheets, the URL fetcher and the template, made once per process:
    a badge alone does not parse the CSS or load the fonts' @font-face again. The template
    comes from an engine of its own that knows the i18n tags only: the site's engine imports
    every app's template tags when first used, 0.09 s before a first badge in a new worker."""
    font_config, url_fetcher = FontConfiguration(), ProjectFilesOnly()
    styles = tuple(
        CSS(filename=path, font_config=font_config, url_fetcher=url_fetcher) for path in stylesheets("badges/badge.css")
    )
    engine = Engine(dirs=settings.TEMPLATES[0]["DIRS"], libraries={"i18n": "django.templatetags.i18n"})
    return BadgeSetup(font_config, styles, url_fetcher, engine.get_template("day/badges/badges.html"))


def render_badges(
    badges: Sequence[Badge],
    *,
    sheets: bool = False,
    language: str = "fr",
    on_progress: Callable[[int, int], None] | None = None,
    kind: str = "badge",
) -> bytes:
    """One PDF of `badges`: one A6 page each, or A4 sheets of four with crop marks.

    Lays the badges out in chunks (to report progress) and writes one document, so fonts
    are subset once for the whole batch. `kind` says what it is for, in the count of PDFs
    generated (the event's footprint)."""
    if not badges:
        raise ValueError("No badge to render.")
    setup = badge_setup()
    documents = []
    with translation.override(language):
        for done, chunk in enumerate(batched(badges, RENDER_CHUNK), start=1):
            pages = list(batched(chunk, BADGES_PER_SHEET)) if sheets else [[badge] for badge in chunk]
            html = setup.template.render(Context({"pages": pages, "sheets": sheets}))
            documents.append(
                HTML(string=html, url_fetcher=setup.url_fetcher).render(
                    stylesheets=setup.styles, font_config=setup.font_config
                )
            )
            if on_progress:
                on_progress(min(done * RENDER_CHUNK, len(badges)), len(badges))
    all_pages = [page for document in documents for page in document.pages]
    return write_pdf(documents[0].copy(all_pages), kind=kind)


def confirmed_registrations(event: Event):
    return (
        Registration.objects.confirmed().filter(event=event).select_related("event").order_by("last_name", "first_name")
    )


def badges_for_run(run) -> list[Badge]:
    """The badges of a print run, in the active language (the run's, when it renders)."""
    Source = run.Source
    if run.source == Source.SPEAKERS:
        speakers = Speaker.objects.filter(sessions__event=run.event).distinct().order_by("name")
        return [badge_for_speaker(speaker, run.event) for speaker in speakers]
    if run.source == Source.ORGANISERS:
        organisers = User.objects.filter(is_active=True, groups__name=ORGANISERS_GROUP).order_by("last_name")
        return [badge_for_organiser(user, run.event) for user in organisers]
    registrations = confirmed_registrations(run.event)
    if run.source == Source.ASKED:
        # Paperless by default: the others show the code on their phone (or get it printed at the desk).
        registrations = registrations.filter(wants_printed_badge=True)
    elif run.source == Source.SELECTED:
        registrations = registrations.filter(pk__in=run.registration_ids)
    return [badge_for_registration(registration) for registration in registrations]


def render_print_run(run) -> None:
    """Render a print run into one PDF in private storage, saving progress as it goes."""
    runs = BadgePrintRun.objects.filter(pk=run.pk)
    with translation.override(run.language):
        badges = badges_for_run(run)
    runs.update(status=BadgePrintRun.Status.RENDERING, total=len(badges), done=0)
    if not badges:
        runs.update(status=BadgePrintRun.Status.FAILED, error="No badge to print.", finished_at=timezone.now())
        return
    pdf = render_badges(
        badges,
        sheets=run.sheets,
        language=run.language,
        on_progress=lambda done, total: runs.update(done=done),
        kind="badge_print_run",
    )
    # An unguessable name: the file is served only through the organisers' view anyway.
    name = storages["private"].save(f"badges/run-{run.pk}-{secrets.token_hex(8)}.pdf", ContentFile(pdf))
    runs.update(status=BadgePrintRun.Status.READY, file=name, finished_at=timezone.now())


def start_print_run(
    *, event: Event, source: str, user, sheets: bool = True, registration_ids=(), language: str | None = None
):
    """Record a print run and hand it to a worker once recorded; returns the run, whose
    progress page follows it. Its badges are in `language`, by default the one of the
    organiser who asks."""
    from day.tasks import task_render_badge_print_run  # lazy: the task module imports this one

    with transaction.atomic():
        run = BadgePrintRun.objects.create(
            event=event,
            source=source,
            sheets=sheets,
            registration_ids=list(registration_ids),
            language=language or active_language(),
            created_by=user,
        )
        # robust: with the broker down the run stays "queued" and its page says so.
        transaction.on_commit(lambda: task_render_badge_print_run.delay(run_id=run.pk), robust=True)
    return run
