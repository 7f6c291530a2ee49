"""Places that a lower app's pages keep for a higher app, which they cannot import.

A page names its places; the higher app adds a section (a template and the function that
computes its variables) when it loads, in its `AppConfig.ready()`; the page's view asks for
`context(page, ...)` and its template includes each of `extra_sections` where it loops over
them. Used by registrations (My registration, the dashboard, the catering page) and by the
agenda (the speaker area)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[..., dict]


class PageSections:
    def __init__(self, *pages: str):
        self._sections: dict[str, list[Section]] = {page: [] for page in pages}

    def add(self, page: str, template: str, context: Callable[..., dict]) -> None:
        section = Section(template, context)
        if section not in self._sections[page]:
            self._sections[page].append(section)

    def context(self, page: str, *args) -> dict:
        """The variables of the page's sections, and their templates as `extra_sections`."""
        context = {}
        for section in self._sections[page]:
            context |= section.context(*args)
        return context | {"extra_sections": [section.template for section in self._sections[page]]}
