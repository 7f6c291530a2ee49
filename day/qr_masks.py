"""The QR code's data mask, chosen exactly as segno chooses it (the lowest penalty of ISO/IEC
18004 7.8.3, rules N1 to N4, with segno's own reading of them), but scored with a few
operations on one big integer a mask where segno goes module by module: its scoring was
four fifths of the time of making a badge's code, and 350 of them are printed at once. The
code made with this mask is the one segno makes by itself (tests/day/test_qr_masks.py
checks it against segno for many tokens), so it scans exactly as before.

The integer holds every line of the symbol, its rows then its columns, each after four gap
bits (and four more after the last): no run, block or pattern crosses a gap, and where a rule
asks for "light modules or the edge of the symbol", the gap counts as light."""

import copy
import functools
from typing import NamedTuple

import segno
from segno import encoder

FINDER_LIKE = "1011101"
MASKS = range(8)
GAP = 4
TO_MODULES = bytes.maketrans(b"01", b"\x00\x01")
TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


class Layout(NamedTuple):
    """For a symbol `width` modules wide, packed as lines (see above): which modules carry
    data, the other modules as segno scores them (its function patterns, the format areas
    still light), each mask's pattern over the data modules, and the masks that select the
    modules, the gaps, the rows, and the modules that have a right-hand and a lower neighbour."""

    regions: int
    fixed: int
    patterns: tuple[int, ...]
    modules: int
    gaps: int
    rows: int
    pairs: int


@functools.cache
def layout(width: int) -> Layout:
    functions = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(functions, width, width)
    encoder.add_alignment_patterns(functions, width, width)
    regions = [[int(module > 1) for module in row] for row in functions]
    patterns = [
        [[int(bool(pattern(i, j))) & regions[i][j] for j in range(width)] for i in range(width)]
        for pattern in encoder.get_data_mask_functions(False)
    ]
    return Layout(
        regions=packed(regions),
        fixed=packed([[int(module == 1) for module in row] for row in functions]),
        patterns=tuple(packed(pattern) for pattern in patterns),
        modules=packed([[1] * width] * width),
        gaps=packed([[0] * width] * width, gap="1"),
        rows=packed([[1] * width] * width, columns=False),
        pairs=packed([[0] + [1] * (width - 1)] * (width - 1) + [[0] * width], columns=False),
    )


def packed(matrix, *, gap: str = "0", columns: bool = True) -> int:
    """A square matrix of 0 and 1 as one integer: its rows, then its columns (or as many
    empty lines), each after the gap."""
    width = len(matrix)
    lines = list(matrix)
    lines += list(zip(*matrix, strict=True)) if columns else [[0] * width] * width
    return int(gap * GAP + (gap * GAP).join("".join(map(str, line)) for line in lines) + gap * GAP, 2)


def packed_code(matrix) -> int:
    """`packed` for a segno matrix (rows of bytes 0 and 1), at the speed of bytes."""
    lines = [bytes(row) for row in matrix] + [bytes(column) for column in zip(*matrix, strict=True)]
    gap = b"\x00" * GAP
    return int((gap + gap.join(lines) + gap).translate(TO_DIGITS), 2)


def penalty(lines: int, width: int, shape: Layout) -> int:
    """segno's `mask_scores` summed, for the symbol packed as `lines`."""
    dark, light = lines, ~lines & shape.modules
    n1 = 0
    for same in (dark, light):
        # A bit for each module that starts five of the same colour; a run of n >= 5 has
        # n - 4 of them in a row and scores n - 2.
        starts = same & same >> 1 & same >> 2 & same >> 3 & same >> 4
        n1 += starts.bit_count() + 2 * (starts & ~(starts >> 1)).bit_count()
    below = lines << (width + GAP)  # each row's lower neighbour, in its place
    blocks = ~(lines ^ lines >> 1) & ~(below ^ below >> 1) & ~(lines ^ below) & shape.pairs
    n2 = 3 * blocks.bit_count()
    finder_like = dark & light >> 1 & dark >> 2 & dark >> 3 & dark >> 4 & light >> 5 & dark >> 6
    clear = light | shape.gaps
    clear_after = clear >> 7 & clear >> 8 & clear >> 9 & clear >> 10
    clear_before = clear << 1 & clear << 2 & clear << 3 & clear << 4
    scored = finder_like & (clear_after | clear_before)
    if overlapping := finder_like & (finder_like >> 4 | finder_like >> 6):
        # Where two patterns overlap, segno's scan skips some of them: read those lines as it does.
        stride = width + GAP
        lines_of = lines_with(overlapping, stride)
        for line in lines_of:
            scored &= ~(((1 << stride) - 1) << line * stride)
        texts = unpacked(lines, width)
        n3 = sum(finder_like_score(texts[len(texts) - 1 - line], width) for line in lines_of)
    else:
        n3 = 0
    n3 += 40 * scored.bit_count()
    n4 = 10 * int(abs(float((lines & shape.rows).bit_count()) / width**2 * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def lines_with(bits: int, stride: int) -> set[int]:
    """The lines (counted from the lowest bit) that hold a set bit: one step a line, where
    looking at every bit took a tenth of a millisecond a mask."""
    lines = set()
    while bits:
        line = ((bits & -bits).bit_length() - 1) // stride
        lines.add(line)
        bits &= ~((1 << (line + 1) * stride) - 1)  # on to the lines after it
    return lines


def unpacked(lines: int, width: int) -> list[str]:
    digits = format(lines, f"0{2 * width * (width + GAP) + GAP}b")
    return [digits[start : start + width] for start in range(GAP, len(digits) - GAP, width + GAP)]


def finder_like_score(line: str, width: int) -> int:
    """segno's N3, as it reads it: 40 for each 1011101 at an edge or with four light modules
    (or the edge) before or after it."""
    score = 0
    index = line.find(FINDER_LIKE)
    while index != -1:
        after = index + 7
        if index in (0, width - 7) or "1" not in line[max(index - 4, 0) : index] or "1" not in line[after : after + 4]:
            score += 40
        else:
            after = index + 4
        index = line.find(FINDER_LIKE, after)
    return score


def with_best_mask(code: segno.QRCode) -> segno.QRCode:
    """`code` (a QR code, not a Micro QR code, made with any mask) under the mask segno would
    have picked for its data."""
    width = code.symbol_size(border=0)[0]
    shape = layout(width)
    symbol = packed_code(code.matrix)
    unmasked = (symbol ^ shape.patterns[code.mask]) & shape.regions
    scores = [penalty(shape.fixed | unmasked ^ shape.patterns[mask], width, shape) for mask in MASKS]
    mask = scores.index(min(scores))  # the first of the lowest, as segno
    if mask == code.mask:
        return code
    masked = copy.copy(code)
    masked.mask = mask
    rows = unpacked(symbol ^ shape.patterns[code.mask] ^ shape.patterns[mask], width)[:width]
    masked.matrix = tuple(bytearray(row, "ascii").translate(TO_MODULES) for row in rows)
    encoder.add_format_info(masked.matrix, code._version, code._error, mask)
    return masked
