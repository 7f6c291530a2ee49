"""What the platform itself measures of the event's digital and paper side (e-mails sent,
PDFs generated, page views, hosting), its paper and its venue's energy, as lines of the
event's footprint: "declared" is what the site measured or the organisers entered,
"extrapolated" what is estimated where the measure is missing.

Which e-mails, PDFs and page views belong to an event: those of its period, from the end of
the previous event's period (or the beginning) to 30 days after the event, so that the
day-after e-mails and the statements count and each day belongs to one event only. The site
serves one event at a time; the e-mails' kinds are not tied to an event (a login code is the
site's too)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.ecoindex import EcoIndex
from day.models import BadgePrintRun
from events.models import Event
from footprint import digital
from footprint.digital import NOTHING, Emission, times
from footprint.factors import load
from footprint.models import DocumentsGenerated, FootprintInputs, PageViewDay
from mail.models import OutgoingEmail
from registrations.models import Registration

AFTER_THE_EVENT = dt.timedelta(days=30)
MB = 1_000_000
# An A4 sheet is four A6 badges' paper (and printing): the badge factor, four times.
A6_PER_A4 = 4


@dataclass(frozen=True)
class Line:
    key: str  # "digital", "paper", "venue"
    label: str
    declared: Emission  # measured by the site or entered by the organisers
    extrapolated: Emission  # estimated where the measure is missing (NOTHING if none)
    parts: list[tuple[str, Emission]] = field(default_factory=list)
    # What was stored outside its bounds and counted as not entered, which the pages mark.
    invalid_entries: list[str] = field(default_factory=list)

    @property
    def total(self) -> Emission:
        return self.declared + self.extrapolated


@dataclass(frozen=True)
class EmailKind:
    kind: str
    sent: int
    measured: int  # of which the size is known
    megabytes: float  # of the measured ones


@dataclass(frozen=True)
class DigitalAndPaper:
    digital: Line
    paper: Line
    venue: Line
    # For the scenarios:
    emails_without_attachments: Emission  # the e-mails' emission if none carried an attachment
    badges_all_on_phones: Emission  # the paper line if every badge were shown on a phone
    # The detail behind the lines (the e-mails by kind, the PDFs by kind…).
    email_kinds: list[EmailKind] = field(default_factory=list)
    pdfs_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (documents, pages)
    page_views: int = 0
    printed_badges: int = 0
    badges_on_phones: int = 0


def period(event: Event) -> tuple[dt.date | None, dt.date]:
    """The days whose e-mails, PDFs and page views are the event's: after `start` (None: since
    the beginning), up to and including `end`."""
    previous = Event.objects.filter(date__lt=event.date).order_by("-date").values_list("date", flat=True).first()
    return (previous + AFTER_THE_EVENT if previous else None), event.date + AFTER_THE_EVENT


def _in(start: dt.date | None, end: dt.date, field_name: str) -> Q:
    days = Q(**{f"{field_name}__lte": end})
    return days & Q(**{f"{field_name}__gt": start}) if start else days


@dataclass(frozen=True)
class EmailFigures:
    declared: Emission  # every e-mail sent, with the size of those measured
    extrapolated: Emission  # the size of those sent before sizes were recorded, at the average
    without_attachments: Emission
    sent: int
    kinds: list[EmailKind]


def email_figures(start, end, data) -> EmailFigures:
    rows = (
        OutgoingEmail.objects.filter(_in(start, end, "sent_at__date"), status=OutgoingEmail.Status.SENT)
        .values("kind")
        .annotate(
            sent=Count("pk"), measured=Count("size_bytes"), size=Sum("size_bytes"), attached=Sum("attachment_bytes")
        )
        .order_by("kind")
    )
    kinds = [EmailKind(row["kind"], row["sent"], row["measured"], (row["size"] or 0) / MB) for row in rows]
    sent = sum(kind.sent for kind in kinds)
    measured = sum(kind.measured for kind in kinds)
    size_mb = sum(kind.megabytes for kind in kinds)
    attached_mb = sum((row["attached"] or 0) for row in rows) / MB
    # E-mails sent before sizes were recorded weigh what the measured ones weigh on average.
    unmeasured = sent - measured
    average_mb = size_mb / measured if measured else 0.0
    average_attached_mb = attached_mb / measured if measured else 0.0
    declared = digital.emails(sent, data, sizes_mb=[size_mb])
    extrapolated = digital.emails(0, data, sizes_mb=[unmeasured * average_mb])
    without = digital.emails(
        sent, data, sizes_mb=[size_mb - attached_mb + unmeasured * (average_mb - average_attached_mb)]
    )
    return EmailFigures(declared, extrapolated, without, sent, kinds)


@dataclass(frozen=True)
class PageViewFigures:
    declared: Emission  # views of pages whose weight was measured, at their EcoIndex
    extrapolated: Emission  # views of pages never weighed, at the measured pages' average score
    views: int


def page_view_figures(start, end, data, edition: str) -> PageViewFigures:
    """The views of the edition's pages (and of the pages editions share) in its period."""
    rows = (
        PageViewDay.objects.filter(_in(start, end, "date"), edition__in=[edition, ""])
        .values("page")
        .annotate(views=Sum("views"), dom=Avg("dom_elements"), requests=Avg("requests"), kilobytes=Avg("kilobytes"))
        .order_by("page")
    )
    declared, measured_views, weighted_score, unweighed = NOTHING, 0, 0.0, 0
    for row in rows:
        # A negative weight (only by hand: the database refuses it) would put the score off its scale.
        if row["dom"] is None or row["requests"] is None or row["kilobytes"] is None or row["kilobytes"] < 0:
            unweighed += row["views"]
            continue
        score = EcoIndex(row["dom"], row["requests"], row["kilobytes"]).score
        declared += digital.page_views(row["views"], score, data)
        measured_views += row["views"]
        weighted_score += score * row["views"]
    reference = data.digital["page_view"].extra["reference_score"]
    average_score = weighted_score / measured_views if measured_views else reference
    extrapolated = digital.page_views(unweighed, average_score, data)
    return PageViewFigures(declared, extrapolated, measured_views + unweighed)


def pdfs_by_kind(start, end) -> dict[str, tuple[int, int]]:
    rows = (
        DocumentsGenerated.objects.filter(_in(start, end, "date"))
        .values("kind")
        .annotate(documents=Sum("documents"), pages=Sum("pages"))
        .order_by("kind")
    )
    return {row["kind"]: (row["documents"], row["pages"]) for row in rows}


def badge_counts(event: Event) -> tuple[int, int]:
    """Badges printed: those of the print runs rendered for printing (counted as printed: the
    site cannot see the printer) and those printed at the desk. Badges on phones: confirmed
    attendees who did not ask for a printed badge and got none at the desk."""
    runs = BadgePrintRun.objects.filter(event=event, status=BadgePrintRun.Status.READY).aggregate(n=Sum("total"))
    registrations = Registration.objects.filter(event=event).aggregate(
        desk=Count("desk_prints"),
        phones=Count(
            "pk",
            filter=Q(status=Registration.Status.CONFIRMED, wants_printed_badge=False, desk_prints__isnull=True),
        ),
    )
    return (runs["n"] or 0) + registrations["desk"], registrations["phones"]


def _not_entered(label: str) -> str:
    return _("%(line)s: not entered by the organisers") % {"line": label}


def _invalid(label: str) -> str:
    return _("%(line)s: invalid entry, counted as not entered") % {"line": label}


def _invalid_entries(inputs: FootprintInputs, *names: str) -> list[str]:
    """The names of those of the organisers' figures that are stored outside their bounds."""
    invalid = inputs.invalid_fields()
    return [str(FootprintInputs._meta.get_field(name).verbose_name) for name in names if name in invalid]


def digital_and_paper(event) -> DigitalAndPaper:
    data = load()
    start, end = period(event)
    inputs = FootprintInputs.objects.filter(event=event).first() or FootprintInputs(event=event)

    emails = email_figures(start, end, data)
    views = page_view_figures(start, end, data, event.edition)
    pdfs = pdfs_by_kind(start, end)
    pdf_count = sum(documents for documents, _pages in pdfs.values())
    # No factor for a PDF (none published): its server time is in the hosting, its weight in
    # the e-mail that carried it; the line shows how many, at zero.
    pdf_emission = times(data.digital["pdf"], pdf_count)
    # A figure stored outside its bounds counts as not entered (FootprintInputs.entered).
    servers, hours = inputs.entered("hosting_servers"), inputs.entered("hosting_hours")
    invalid_hosting = _invalid_entries(inputs, "hosting_servers", "hosting_hours")
    if servers is not None and hours is not None:
        hosting = digital.hosting(servers, hours, data)
        hosting_label = ngettext(
            "Hosting (%(servers)s server × %(hours)s hours)",
            "Hosting (%(servers)s servers × %(hours)s hours)",
            servers,
        ) % {"servers": servers, "hours": hours}
    else:
        hosting = NOTHING
        hosting_label = _invalid(_("Hosting")) if invalid_hosting else _not_entered(_("Hosting"))
    digital_line = Line(
        "digital",
        _("Digital (e-mails, PDFs, page views, hosting)"),
        emails.declared + views.declared + pdf_emission + hosting,
        emails.extrapolated + views.extrapolated,
        [
            (
                ngettext("%(count)s e-mail sent", "%(count)s e-mails sent", emails.sent) % {"count": emails.sent},
                emails.declared + emails.extrapolated,
            ),
            (
                ngettext("%(count)s PDF generated", "%(count)s PDFs generated", pdf_count) % {"count": pdf_count},
                pdf_emission,
            ),
            (
                ngettext("%(count)s page view", "%(count)s page views", views.views) % {"count": views.views},
                views.declared + views.extrapolated,
            ),
            (hosting_label, hosting),
        ],
        invalid_hosting,
    )

    printed, on_phones = badge_counts(event)
    badges = digital.printed_badges(printed, data)
    if inputs.entered("sign_in_sheet_pages") is not None:
        sheet_pages, sheets_guessed = inputs.sign_in_sheet_pages, NOTHING
        sheets = digital.printed_badges(sheet_pages * A6_PER_A4, data)
    else:
        # Not entered: each page of the sign-in sheets generated is taken as printed once.
        sheet_pages = pdfs.get("sign_in_sheets", (0, 0))[1]
        sheets, sheets_guessed = NOTHING, digital.printed_badges(sheet_pages * A6_PER_A4, data)
    paper_line = Line(
        "paper",
        _("Paper (badges, sign-in sheets)"),
        badges + sheets,
        sheets_guessed,
        [
            (ngettext("%(count)s badge printed", "%(count)s badges printed", printed) % {"count": printed}, badges),
            (
                ngettext("%(count)s badge shown on a phone", "%(count)s badges shown on a phone", on_phones)
                % {"count": on_phones},
                NOTHING,
            ),
            (
                ngettext("%(count)s sign-in sheet page", "%(count)s sign-in sheet pages", sheet_pages)
                % {"count": sheet_pages},
                sheets + sheets_guessed,
            ),
        ],
        _invalid_entries(inputs, "sign_in_sheet_pages"),
    )

    invalid_venue = _invalid_entries(inputs, "venue_kwh")
    if (kwh := inputs.entered("venue_kwh")) is not None:
        venue = digital.electricity(kwh, data)
        venue_label = _("%(kwh)s kWh from the French grid") % {"kwh": f"{kwh:g}"}
    else:
        venue = NOTHING
        venue_label = _invalid(_("Venue's energy")) if invalid_venue else _not_entered(_("Venue's energy"))
    venue_line = Line("venue", _("Venue's energy"), venue, NOTHING, [(venue_label, venue)], invalid_venue)

    return DigitalAndPaper(
        digital=digital_line,
        paper=paper_line,
        venue=venue_line,
        emails_without_attachments=emails.without_attachments,
        badges_all_on_phones=paper_line.total - badges,
        email_kinds=emails.kinds,
        pdfs_by_kind=pdfs,
        page_views=views.views,
        printed_badges=printed,
        badges_on_phones=on_phones,
    )
