"""What a higher app adds to the speaker area, which cannot import it.

The speaker area sits below the footprint in the layers, yet it shows the speaker's trip:
the footprint adds its part here when it loads (`footprint/apps.py`), as registrations'
pages do (`registrations/sections.py`). The area's template includes the templates of its
sections where it loops over `extra_sections`, with the variables each section computes."""

from collections.abc import Callable
from dataclasses import dataclass

SPEAKER_AREA = "speaker_area"  # (request, speaker), the signed-in speaker's own profile


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[..., dict]


_sections: dict[str, list[Section]] = {SPEAKER_AREA: []}


def add_section(page: str, template: str, context: Callable[..., dict]) -> None:
    section = Section(template, context)
    if section not in _sections[page]:
        _sections[page].append(section)


def section_context(page: str, *args) -> dict:
    """The variables of the page's sections, and their templates as `extra_sections`."""
    context = {}
    for section in _sections[page]:
        context |= section.context(*args)
    return context | {"extra_sections": [section.template for section in _sections[page]]}
