"""What an upload's bytes really are: parsed with Pillow (JPEG, PNG) and pypdf (PDF).

A first-bytes signature says what a file claims to be; parsing says what it is.
Every parser is tried on every upload, so a polyglot (a JPEG whose first
kilobyte also holds a PDF, a PDF that is also a PNG) shows as two formats.
Decoding is bounded: JPEGs decode at 1/8 scale (enough to walk their data),
images past MAX_PIXELS are refused as decompression bombs.
"""

from __future__ import annotations

import io
import logging
import warnings

import pypdf
from PIL import Image

MAX_PIXELS = 60_000_000
# PDF readers accept the header anywhere in the first kilobyte.
PDF_HEADER_WINDOW = 1024
_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}

logging.getLogger("pypdf").setLevel(logging.ERROR)


class ParsingInspector:
    def formats(self, content: bytes) -> frozenset[str]:
        found = set()
        image = _image_format(content)
        if image:
            found.add(image)
        if b"%PDF-" in content[:PDF_HEADER_WINDOW] and _is_pdf(content):
            found.add("application/pdf")
        return frozenset(found)


def _image_format(content: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=tuple(_IMAGE_TYPES)) as probe:
                kind = probe.format or ""
                if probe.width * probe.height > MAX_PIXELS:
                    return None
                probe.verify()
            with Image.open(io.BytesIO(content), formats=(kind,)) as image:
                if kind == "JPEG":
                    image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Exception:  # any decoding failure means "not a readable image"
        return None
    return _IMAGE_TYPES.get(kind)


def _is_pdf(content: bytes) -> bool:
    try:
        reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
        return len(reader.pages) > 0
    except Exception:  # pypdf raises many kinds on broken input; all mean "not a PDF"
        return False
