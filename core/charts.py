"""Charts drawn on the server as inline SVG: no chart library, no JavaScript.

Each chart is an <svg role="img"> with a title; the numbers are also given as text next to
it (the dashboard prints a table), so a screen reader loses nothing."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

BAR_COLOURS = ["#0b5a3a", "#1d4e89", "#8a3b12", "#6b2c91", "#4a524e", "#b3261e"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    maximum: int | None = None  # for fill levels: the bar's full length


def horizontal_bars(bars: list[Bar], *, title: str, width: int = 520, row: int = 26) -> str:
    """One bar per item, labelled, with its value (and maximum, for fill levels)."""
    label_width, value_width = 190, 80
    scale_max = max([bar.maximum or bar.value for bar in bars] + [1])
    track = width - label_width - value_width
    height = row * len(bars) + 4

    def rows():
        for index, bar in enumerate(bars):
            y = index * row + 4
            length = round(track * bar.value / scale_max)
            full = round(track * (bar.maximum or 0) / scale_max)
            value = f"{bar.value} / {bar.maximum}" if bar.maximum is not None else f"{bar.value}"
            yield (
                y + row * 0.65,
                shorten(bar.label),
                label_width,
                y + 3,
                full,
                row - 10,
                label_width,
                y + 3,
                length,
                row - 10,
                BAR_COLOURS[index % len(BAR_COLOURS)],
                label_width + track + 8,
                y + row * 0.65,
                value,
            )

    body = format_html_join(
        "",
        '<text x="0" y="{}" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#e6ece8"/>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12">{}</text>',
        rows(),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="{}" height="{}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        width,
        height,
        title,
        body,
    )


def columns(bars: list[Bar], *, title: str, height: int = 140, width: int = 600) -> str:
    """Columns over time (registrations per day), with the first and last dates labelled.
    However many days, the chart keeps its width: the columns get thinner."""
    scale_max = max([bar.value for bar in bars] + [1])
    column = width / max(len(bars), 1)
    gap = 1 if column > 3 else 0
    plot = height - 20

    def rects():
        for index, bar in enumerate(bars):
            size = round(plot * bar.value / scale_max)
            yield (
                f"{index * column:.1f}",
                plot - size,
                f"{max(column - gap, 0.5):.1f}",
                size,
                f"{bar.label}: {bar.value}",
            )

    body = format_html_join(
        "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b5a3a"><title>{}</title></rect>', rects()
    )
    labels = ""
    if bars:
        labels = format_html(
            '<text x="0" y="{}" font-size="11">{}</text><text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
            height - 4,
            bars[0].label,
            width,
            height - 4,
            bars[-1].label,
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="{}" height="{}">'
        "<title>{}</title>{}{}</svg>",
        width,
        height,
        width,
        height,
        title,
        body,
        labels,
    )


def shorten(text: str, length: int = 28) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
