"""What the platform itself measures of the event's digital and paper side (e-mails sent,
PDFs generated, page views, hosting), its paper and its venue's energy, as lines of the
event's footprint: "declared" is what the site measured or the organisers entered,
"extrapolated" what is estimated where the measure is missing."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from footprint.digital import NOTHING, Emission


@dataclass(frozen=True)
class Line:
    key: str  # "digital", "paper", "venue"
    label: str
    declared: Emission  # measured by the site or entered by the organisers
    extrapolated: Emission  # estimated where the measure is missing (NOTHING if none)
    parts: list[tuple[str, Emission]] = field(default_factory=list)

    @property
    def total(self) -> Emission:
        return self.declared + self.extrapolated


@dataclass(frozen=True)
class DigitalAndPaper:
    digital: Line
    paper: Line
    venue: Line
    # For the scenarios:
    emails_without_attachments: Emission  # the e-mails' emission if none carried an attachment
    badges_all_on_phones: Emission  # the paper line if every badge were shown on a phone


def digital_and_paper(event) -> DigitalAndPaper:
    return DigitalAndPaper(
        digital=Line("digital", _("Digital (e-mails, PDFs, page views, hosting)"), NOTHING, NOTHING, []),
        paper=Line("paper", _("Paper (badges, sign-in sheets)"), NOTHING, NOTHING, []),
        venue=Line("venue", _("Venue's energy"), NOTHING, NOTHING, []),
        emails_without_attachments=NOTHING,
        badges_all_on_phones=NOTHING,
    )
