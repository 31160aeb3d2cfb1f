"""The one family of domain errors; server/api maps each kind to a gRPC status.

Every error carries a stable ``reason`` (UPPER_SNAKE, never renamed) and a
message in Indonesian and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from matcher.text import Text


class Reason(StrEnum):
    """Stable machine-readable reasons (google.rpc.ErrorInfo.reason)."""

    INVALID_FIELDS = "INVALID_FIELDS"
    MALFORMED_REQUEST = "MALFORMED_REQUEST"
    INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN"
    DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
    DOCUMENT_TYPE_NOT_ALLOWED = "DOCUMENT_TYPE_NOT_ALLOWED"
    DOCUMENT_TYPE_MISMATCH = "DOCUMENT_TYPE_MISMATCH"
    DOCUMENT_STORAGE_UNAVAILABLE = "DOCUMENT_STORAGE_UNAVAILABLE"
    TOKEN_MISSING = "TOKEN_MISSING"
    TOKEN_INVALID = "TOKEN_INVALID"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_NOT_YET_VALID = "TOKEN_NOT_YET_VALID"
    TOKEN_WRONG_ISSUER = "TOKEN_WRONG_ISSUER"
    TOKEN_WRONG_AUDIENCE = "TOKEN_WRONG_AUDIENCE"
    TOKEN_BAD_SIGNATURE = "TOKEN_BAD_SIGNATURE"
    ROLE_NOT_ALLOWED = "ROLE_NOT_ALLOWED"
    NOT_YOUR_RESOURCE = "NOT_YOUR_RESOURCE"
    OTHER_REGION = "OTHER_REGION"
    NOT_FOUND = "NOT_FOUND"
    ETAG_MISMATCH = "ETAG_MISMATCH"
    REQUEST_ID_REUSED = "REQUEST_ID_REUSED"
    REQUEST_IN_PROGRESS = "REQUEST_IN_PROGRESS"
    REGISTRATION_NOT_EDITABLE = "REGISTRATION_NOT_EDITABLE"
    REGISTRATION_INCOMPLETE = "REGISTRATION_INCOMPLETE"
    REGISTRATION_NOT_SUBMITTED = "REGISTRATION_NOT_SUBMITTED"
    PROFILE_MISSING = "PROFILE_MISSING"
    VACANCY_CLOSED = "VACANCY_CLOSED"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    POLICY_INVALID = "POLICY_INVALID"
    POLICY_STATE = "POLICY_STATE"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    ALREADY_APPLIED = "ALREADY_APPLIED"
    ALREADY_PLACED = "ALREADY_PLACED"
    NO_OPENINGS = "NO_OPENINGS"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    INTERNAL = "INTERNAL"
    UNAVAILABLE = "UNAVAILABLE"
    SERVER_DRAINING = "SERVER_DRAINING"
    REPLICA_STALE = "REPLICA_STALE"
    TOO_MANY_WATCHERS = "TOO_MANY_WATCHERS"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    TOO_MANY_UPLOADS = "TOO_MANY_UPLOADS"


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One invalid field: its path in the request (e.g. ``form.ktp.nik``) and why."""

    field: str
    text: Text


@dataclass(frozen=True, slots=True)
class Precondition:
    """One unmet precondition: what kind, about which subject, and why."""

    type: str
    subject: str
    text: Text


@dataclass
class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    reason: Reason
    text: Text
    violations: list[FieldViolation] = field(default_factory=list)
    preconditions: list[Precondition] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.reason}: {self.text.en}"


class InvalidArgument(DomainError):
    """The request itself is wrong (bad field values)."""


class Unauthenticated(DomainError):
    """No credentials, or credentials that cannot be trusted."""


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""


class NotFound(DomainError):
    """The named resource does not exist."""


class FailedPrecondition(DomainError):
    """The request is fine but the resource is not in a state that allows it."""


class AlreadyExists(DomainError):
    """The resource to create is there already."""


class Unavailable(DomainError):
    """A dependency (the database, the document store) cannot serve now; nothing was
    changed, and the same call may be retried."""


class ResourceExhausted(DomainError):
    """A server-side limit is reached; retry later (``retry_after_seconds`` says when)."""


class Aborted(DomainError):
    """A concurrent call got there first; retrying the same call is safe."""


class AlreadyApplied(FailedPrecondition):
    """The candidate has an active application to the vacancy (or the request id was used)."""


def invalid_fields(violations: list[FieldViolation], reason: Reason = Reason.INVALID_FIELDS) -> InvalidArgument:
    """One InvalidArgument carrying every field violation found (under a more precise
    ``reason`` where the caller has one, e.g. INVALID_PAGE_TOKEN)."""
    # Words for a person; which fields and why travel in BadRequest, one violation each.
    if len(violations) == 1:
        only = violations[0].text
        text = Text(id=f"Ada isian yang belum benar: {only.id}", en=f"A field is not right: {only.en}")
    else:
        count = len(violations)
        text = Text(
            id=f"Ada {count} isian yang belum benar; keterangannya ada pada setiap isian",
            en=f"{count} fields are not right; each one says why",
        )
    return InvalidArgument(reason, text, violations=violations)


def not_found(name: str) -> NotFound:
    return NotFound(
        Reason.NOT_FOUND,
        Text(id=f"{name} tidak ditemukan", en=f"{name} not found"),
        metadata={"resource": name},
    )


# What a resource is called in a message for people, by the last collection in its name.
_KINDS = {
    "registration": ("Pendaftaran ini", "This registration"),
    "profile": ("Profil ini", "This profile"),
    "applications": ("Lamaran ini", "This application"),
    "vacancies": ("Lowongan ini", "This vacancy"),
    "policies": ("Kebijakan ini", "This policy"),
}


def _called(name: str) -> tuple[str, str]:
    parts = name.split("/")
    for part in reversed(parts if len(parts) % 2 else parts[:-1]):
        if part in _KINDS:
            return _KINDS[part]
    return _KINDS.get(parts[-1], ("Data ini", "This record"))


def etag_mismatch(name: str) -> FailedPrecondition:
    """Someone else changed ``name`` first: said in words (the name stays in the details)."""
    called_id, called_en = _called(name)
    text = Text(
        id=f"{called_id} sudah diubah orang lain sejak terakhir kamu buka; muat ulang lalu coba lagi",
        en=f"{called_en} was changed by someone else since you opened it; reload and try again",
    )
    return FailedPrecondition(
        Reason.ETAG_MISMATCH, text, preconditions=[Precondition("ETAG", name, text)], metadata={"resource": name}
    )
