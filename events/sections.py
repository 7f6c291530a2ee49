"""What a higher app adds to the speaker area, which cannot import it.

The speaker area sits below the footprint in the layers, yet it shows the speaker's trip:
the footprint adds its part here when it loads (`footprint/apps.py`), as registrations'
pages do (`registrations/sections.py`). The area's template includes the templates of its
sections where it loops over `extra_sections`, with the variables each section computes."""

from core.sections import PageSections

SPEAKER_AREA = "speaker_area"  # (request, speaker), the signed-in speaker's own profile

_pages = PageSections(SPEAKER_AREA)
add_section = _pages.add
section_context = _pages.context
