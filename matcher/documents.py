"""Scans and their rules: jpg, jpeg, png or pdf, at most 5 MB, type told by content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from matcher.errors import InvalidArgument, Reason
from matcher.text import Text

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

_EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
_SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


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


def sniff_content_type(content: bytes) -> str | None:
    """The MIME type told by the first bytes, among the allowed ones; None otherwise."""
    for signature, mime in _SIGNATURES:
        if content.startswith(signature):
            return mime
    return None


def check_upload(filename: str, content: bytes) -> str:
    """Return the content type of an acceptable upload, or raise InvalidArgument."""
    if len(content) > MAX_DOCUMENT_BYTES:
        mb = len(content) / (1024 * 1024)
        raise InvalidArgument(
            Reason.DOCUMENT_TOO_LARGE,
            Text(id=f"Ukuran berkas {mb:.1f} MB melebihi batas 5 MB", en=f"File is {mb:.1f} MB; the limit is 5 MB"),
            metadata={"size_bytes": str(len(content)), "limit_bytes": str(MAX_DOCUMENT_BYTES)},
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    detected = sniff_content_type(content)
    if extension not in _EXTENSIONS or detected is None or _EXTENSIONS[extension] != detected:
        raise InvalidArgument(
            Reason.DOCUMENT_TYPE_NOT_ALLOWED,
            Text(
                id="Berkas harus berformat jpg, jpeg, png atau pdf (dicek dari isinya, bukan namanya)",
                en="The file must be a jpg, jpeg, png or pdf (checked by its content, not its name)",
            ),
            metadata={"filename": filename, "detected": detected or "unknown"},
        )
    return detected
