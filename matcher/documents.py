"""Scans and their rules: jpg, jpeg, png or pdf, at most 5 MB, type told by parsing the content.

The formats a file's bytes really parse as are told by a ``DocumentInspector``
(Pillow and pypdf in ``server/storage/inspection.py``): none of the allowed ones
is DOCUMENT_TYPE_NOT_ALLOWED, more than one at once (a polyglot, e.g. a JPEG
that is also a PDF) is DOCUMENT_TYPE_MISMATCH, and the one found must agree
with the file name's extension.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from matcher.errors import FieldViolation, InvalidArgument, Reason, invalid_fields
from matcher.text import Text

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

_EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
MAX_FILENAME_CHARACTERS = 255


class DocumentKind(StrEnum):
    KTP = "ktp"
    KK = "kk"
    PERMISSION_LETTER = "permission_letter"
    COMPETENCY_CERTIFICATE = "competency_certificate"
    HEALTH_CERTIFICATE = "health_certificate"
    BPJS_CARD = "bpjs_card"
    PLACEMENT_AGREEMENT = "placement_agreement"
    MARITAL_STATUS_LETTER = "marital_status_letter"


@dataclass(frozen=True, slots=True)
class Document:
    """Metadata of a stored scan; the bytes live in a DocumentStore under ``sha256``."""

    id: str
    owner: str
    kind: DocumentKind
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    created_at: datetime

    @property
    def name(self) -> str:
        return f"documents/{self.id}"


class DocumentInspector(Protocol):
    def formats(self, content: bytes) -> frozenset[str]:
        """The allowed MIME types (image/jpeg, image/png, application/pdf) that ``content``
        parses as; empty when none."""
        ...


def check_filename(filename: str) -> None:
    """A plain file name: no path, no NUL or control characters, at most 255 characters."""
    if (
        not filename
        or len(filename) > MAX_FILENAME_CHARACTERS
        or any(c in "/\\" or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in filename)
        or filename in (".", "..")
    ):
        raise invalid_fields(
            [
                FieldViolation(
                    "filename",
                    Text(
                        id="nama berkas saja (tanpa folder, karakter kendali atau NUL), paling banyak 255 karakter",
                        en="a plain file name (no folders, control or NUL characters), at most 255 characters",
                    ),
                )
            ]
        )


def check_upload(filename: str, content: bytes, inspector: DocumentInspector) -> str:
    """Return the content type of an acceptable upload, or raise InvalidArgument."""
    if len(content) > MAX_DOCUMENT_BYTES:
        mb = len(content) / (1024 * 1024)
        raise InvalidArgument(
            Reason.DOCUMENT_TOO_LARGE,
            Text(id=f"Ukuran berkas {mb:.1f} MB melebihi batas 5 MB", en=f"File is {mb:.1f} MB; the limit is 5 MB"),
            metadata={"size_bytes": str(len(content)), "limit_bytes": str(MAX_DOCUMENT_BYTES)},
        )
    check_filename(filename)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in _EXTENSIONS:
        raise _not_allowed(filename, "unknown")
    formats = inspector.formats(content)
    if len(formats) > 1:
        raise InvalidArgument(
            Reason.DOCUMENT_TYPE_MISMATCH,
            Text(
                id="Berkas ini sekaligus beberapa format (" + ", ".join(sorted(formats)) + "); unggah berkas biasa",
                en="This file is several formats at once (" + ", ".join(sorted(formats)) + "); upload a plain file",
            ),
            metadata={"filename": filename, "detected": ",".join(sorted(formats))},
        )
    detected = next(iter(formats), None)
    if detected is None or _EXTENSIONS[extension] != detected:
        raise _not_allowed(filename, detected or "unknown")
    return detected


def _not_allowed(filename: str, detected: str) -> InvalidArgument:
    return InvalidArgument(
        Reason.DOCUMENT_TYPE_NOT_ALLOWED,
        Text(
            id="Berkas harus berformat jpg, jpeg, png atau pdf yang dapat dibaca (dicek dari isinya, bukan namanya)",
            en="The file must be a readable jpg, jpeg, png or pdf (checked by its content, not its name)",
        ),
        metadata={"filename": filename, "detected": detected},
    )
