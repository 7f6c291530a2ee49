"""The badge's QR code takes segno's own mask, found faster: the very code segno makes."""

import io
import itertools
import random
import string

import segno
from PIL import Image

from day.paperless import qr_code, qr_png
from day.tokens import badge_token


def tokens(count: int) -> list[str]:
    pick = random.Random(21)
    badges = [
        badge_token(
            event_id=pick.randint(1, 99),
            kind=pick.choice(["registration", "speaker", "organiser"]),
            pk=pick.randint(1, 10**6),
            version=pick.choice([1, 1, 2]),
        )
        for _ in range(count)
    ]
    # Any text, of any length: every version up to 13 and every mask comes up.
    texts = ["".join(pick.choices(string.printable[:94], k=pick.randint(1, 300))) for _ in range(count)]
    return badges + texts


def test_the_code_is_the_one_segno_makes_for_any_token():
    for token in tokens(150):
        made = segno.make(token, error="m", micro=False)
        ours = qr_code(token)
        assert (ours.mask, ours.matrix, ours.designator) == (made.mask, made.matrix, made.designator), token


def test_the_png_has_segnos_pixels_at_every_scale_and_border():
    for token, (scale, border) in zip(tokens(12), itertools.cycle([(1, 0), (5, 4), (3, 1), (7, 2)])):
        output = io.BytesIO()
        segno.make(token, error="m", micro=False).save(
            output, kind="png", scale=scale, border=border, dark="#000", light="#fff"
        )
        ours = Image.open(io.BytesIO(qr_png(token, scale=scale, border=border)))
        segnos = Image.open(output)
        assert ours.mode == "1" and ours.size == segnos.size
        assert ours.convert("L").tobytes() == segnos.convert("L").tobytes(), token
