"""Reading back the PDFs the platform prints."""

import io

from pypdf import PdfReader
from pypdf.generic import IndirectObject


def fonts_of(pdf: bytes) -> set[str]:
    """The fonts embedded in every page, without their subset prefix."""
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for resource in page["/Resources"]["/Font"].values():
            font = resource.get_object() if isinstance(resource, IndirectObject) else resource
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return fonts


SHIPPED_FONT = {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}
