"""The QR code's data mask, chosen exactly as segno chooses it (the lowest penalty of ISO/IEC
18004 7.8.3, rules N1 to N4, with segno's own reading of them), but scored a row at a time
with strings and integers where segno goes module by module: its scoring was four fifths of
the time of making a badge's code, and 350 of them are printed at once. The code made with
this mask is the one segno makes by itself (tests/registrations/test_qr_masks.py checks it
against segno for many tokens), so it scans exactly as before."""

import copy
import functools
import itertools
import re

import segno
from segno import encoder

RUNS = re.compile(r"0{5,}|1{5,}")
FINDER_LIKE = "1011101"
MASKS = range(8)
TO_MODULES = bytes.maketrans(b"01", b"\x00\x01")


@functools.cache
def layout(width: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """For a symbol `width` modules wide, one integer a row: which modules carry data, the
    other modules as segno scores them (its function patterns, the format areas still light),
    and each mask's pattern over the data modules."""
    functions = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(functions, width, width)
    encoder.add_alignment_patterns(functions, width, width)
    regions = tuple(bits(module > 1 for module in row) for row in functions)
    fixed = tuple(bits(module == 1 for module in row) for row in functions)
    patterns = tuple(
        tuple(bits(bool(pattern(i, j)) for j in range(width)) & regions[i] for i in range(width))
        for pattern in encoder.get_data_mask_functions(False)
    )
    return regions, fixed, patterns


def bits(modules) -> int:
    """A row as an integer, its first module the highest bit (as `format(row, "b")` reads)."""
    value = 0
    for module in modules:
        value = value << 1 | module
    return value


def penalty(integers: list[int], width: int) -> int:
    """segno's `mask_scores` summed, for rows given as integers."""
    rows = [format(row, f"0{width}b") for row in integers]
    lines = rows + ["".join(column) for column in zip(*rows, strict=True)]
    runs = RUNS.findall(" ".join(lines))  # the space ends a run at the end of each line
    n1 = sum(map(len, runs)) - 2 * len(runs)
    n3 = sum(finder_like_score(line, width) for line in lines if FINDER_LIKE in line)
    pairs = (1 << (width - 1)) - 1  # a bit for each module that has a right-hand neighbour
    n2 = 0
    for above, below in itertools.pairwise(integers):
        n2 += 3 * (~(above ^ (above >> 1)) & ~(below ^ (below >> 1)) & ~(above ^ below) & pairs).bit_count()
    dark = sum(row.bit_count() for row in integers)
    n4 = 10 * int(abs(float(dark) / width**2 * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


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
    regions, fixed, patterns = layout(width)
    rows = [bits(row) for row in code.matrix]
    made_with = patterns[code.mask]
    unmasked = [(row ^ pattern) & region for row, pattern, region in zip(rows, made_with, regions, strict=True)]
    scores = [
        penalty([f | (u ^ p) for f, u, p in zip(fixed, unmasked, patterns[mask], strict=True)], width) for mask in MASKS
    ]
    mask = scores.index(min(scores))  # the first of the lowest, as segno
    if mask == code.mask:
        return code
    masked = copy.copy(code)
    masked.mask = mask
    masked.matrix = tuple(
        bytearray(format(row ^ old ^ new, f"0{width}b"), "ascii").translate(TO_MODULES)
        for row, old, new in zip(rows, patterns[code.mask], patterns[mask], strict=True)
    )
    encoder.add_format_info(masked.matrix, code._version, code._error, mask)
    return masked
