"""Paperless by default: the badge's code on a phone or in an e-mail, a paper badge only for
those who ask or at the desk on demand, and the count of both for the organisers."""

import datetime as dt
import struct
import zlib
from dataclasses import dataclass

import segno
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from day.models import DeskBadgePrint
from day.qr_masks import with_best_mask
from day.tokens import badge_token
from events.models import Event
from mail.rendering import InlineImage
from registrations.models import Registration

# Four modules of white around the code: the quiet zone a reader needs to find it.
QUIET_ZONE = 4
# Pixels per module of the e-mail's PNG: about 200 px wide for a badge token (≈ 41
# modules with its border), sharp on any screen, a few hundred bytes as a 1-bit image.
EMAIL_SCALE = 5
GREY_LEVELS = bytes.maketrans(b"\x00\x01", b"\xff\x00")  # segno's modules: 1 is dark


def qr_code(token: str) -> segno.QRCode:
    # Error correction M, as the printed badge: a cracked screen or a glare still reads.
    # segno's own choice of mask, found several times faster (350 badges print at once).
    return with_best_mask(segno.make(token, error="m", micro=False, mask=0))


def qr_svg(token: str, *, label: str) -> SafeString:
    """The code as inline SVG, black on white with its quiet zone, scaled by the page's CSS."""
    svg = qr_code(token).svg_inline(border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True, svgclass="qr")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def qr_png(token: str, *, scale: int = EMAIL_SCALE, border: int = QUIET_ZONE) -> bytes:
    """The code as a 1-bit PNG at an exact scale (no resampling, no blur): `scale` pixels a
    module, with `border` modules of quiet zone. For e-mails by default; the printed badge
    takes one pixel a module and sizes it in its CSS."""
    return one_bit_png(qr_code(token).matrix, scale=scale, border=border)


def one_bit_png(matrix, *, scale: int, border: int) -> bytes:
    """segno's modules (1 is dark) as a 1-bit greyscale PNG (0 is black), written in one
    zlib call: segno's own writer took a third of an e-mail's time in a worker."""
    side = (len(matrix) + 2 * border) * scale
    row_bytes = -(-side // 8)
    quiet_row = b"\x00" + b"\xff" * row_bytes  # filter type 0, then white
    quiet = "1" * (border * scale)
    rows = [quiet_row] * (border * scale)
    for modules in matrix:
        bits = quiet + "".join("0" * scale if dark else "1" * scale for dark in modules) + quiet
        rows += [b"\x00" + int(bits.ljust(row_bytes * 8, "1"), 2).to_bytes(row_bytes, "big")] * scale
    rows += [quiet_row] * (border * scale)
    return png_file(side, bit_depth=1, pixels=b"".join(rows))


def badge_qr_png(token: str) -> bytes:
    """The code for the printed badge: a PNG of one grey byte a module, black or white, no
    quiet zone (the badge draws it). WeasyPrint embeds an 8-bit grey PNG as it is, where it
    converts a 1-bit one to RGB and encodes it again."""
    matrix = qr_code(token).matrix
    # Each row: filter type 0, then its modules, 0 (dark) or 255 (light).
    pixels = b"".join(b"\x00" + bytes(row).translate(GREY_LEVELS) for row in matrix)
    return png_file(len(matrix), bit_depth=8, pixels=pixels)


def png_file(side: int, *, bit_depth: int, pixels: bytes) -> bytes:
    """A square greyscale PNG of `pixels` (rows already filtered)."""
    header = struct.pack(">IIBBBBB", side, side, bit_depth, 0, 0, 0, 0)  # greyscale, no interlace
    chunks = png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(pixels)) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def registration_token(registration: Registration) -> str:
    """The code of the registration's badge, as `badges.badge_for_registration` prints it."""
    return badge_token(
        event_id=registration.event_id, kind="registration", pk=registration.pk, version=registration.badge_version
    )


def badge_image(registration: Registration, *, cid: str) -> InlineImage:
    """The badge's code for the HTML part of an e-mail."""
    matrix = qr_code(registration_token(registration)).matrix  # made once: the size and the image
    size = (len(matrix) + 2 * QUIET_ZONE) * EMAIL_SCALE
    return InlineImage(
        cid=cid,
        content=one_bit_png(matrix, scale=EMAIL_SCALE, border=QUIET_ZONE),
        subtype="png",
        alt=_("QR code of your badge"),
        caption=_("Your badge: show this code at the door."),
        width=size,
        height=size,
    )


def badge_email_image(registration: Registration, email) -> InlineImage:
    """The badge's code for an e-mail that confirms the seat (`registrations.sections`)."""
    return badge_image(registration, cid=f"badge-{email.pk}@techforclimate")


def phone_badge_max_age(event: Event, now: dt.datetime | None = None) -> int:
    """Seconds until the end of the event's day (local time): how long a phone may keep the
    badge page without asking again, so that it opens without the network at the door."""
    now = now or timezone.now()
    day_after = dt.datetime.combine(
        event.date + dt.timedelta(days=1), dt.time(0), tzinfo=timezone.get_current_timezone()
    )
    return max(int((day_after - now).total_seconds()), 0)


class DeskPrintError(DomainError):
    """A badge the desk may not print."""


def record_desk_print(registration: Registration, *, staff: User) -> int:
    """Record a badge printed at the desk and return how many times it has been printed
    there (above 1: a reprint). Only a confirmed registration has a badge: the desk would
    refuse any other at the door."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_confirmed:
            raise DeskPrintError(_("Only a confirmed registration has a badge."), code="not_confirmed")
        DeskBadgePrint.objects.create(registration=registration, printed_by=staff)
        return DeskBadgePrint.objects.filter(registration=registration).count()


def desk_print_counts(registration_ids) -> dict[int, int]:
    """Badges printed at the desk per registration, in one query."""
    rows = (
        DeskBadgePrint.objects.filter(registration_id__in=list(registration_ids))
        .values_list("registration_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


@dataclass(frozen=True)
class BadgeCounts:
    """The confirmed attendees' badges: on paper or on a phone. `printed` + `on_phone` is the
    number of confirmed attendees; `reprints` are the paper badges beyond one per person."""

    asked: int  # asked for a printed badge: printed in advance by the print runs
    printed_at_desk: int  # did not ask, printed at the desk on the day
    reprints: int
    on_phone: int  # did not ask and were never printed: the code on their phone

    @property
    def printed(self) -> int:
        return self.asked + self.printed_at_desk

    @property
    def sheets(self) -> int:
        """Paper badges in all."""
        return self.printed + self.reprints
