"""The one table from domain errors to gRPC status codes, and rich error details."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from matcher import errors
from matcher.text import Text
from server import call_context

DOMAIN = "cpmi-matcher.kemnaker.go.id"


class ResourceExhausted(errors.DomainError):
    """A server-side limit is reached; retry later."""


STATUS_CODES: dict[type[errors.DomainError], int] = {
    errors.Unavailable: code_pb2.UNAVAILABLE,
    ResourceExhausted: code_pb2.RESOURCE_EXHAUSTED,
    errors.InvalidArgument: code_pb2.INVALID_ARGUMENT,
    errors.Unauthenticated: code_pb2.UNAUTHENTICATED,
    errors.PermissionDenied: code_pb2.PERMISSION_DENIED,
    errors.NotFound: code_pb2.NOT_FOUND,
    errors.FailedPrecondition: code_pb2.FAILED_PRECONDITION,
    errors.AlreadyExists: code_pb2.ALREADY_EXISTS,
    errors.Aborted: code_pb2.ABORTED,
}


def _pack(message: object) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)  # type: ignore[arg-type]
    return packed


def _localized(text: Text, locale: str) -> error_details_pb2.LocalizedMessage:
    return error_details_pb2.LocalizedMessage(locale=locale, message=text.en if locale == "en" else text.id)


def to_status(error: errors.DomainError) -> grpc.Status:
    """google.rpc.Status: the message in English for developers; ErrorInfo (the stable
    reason), a LocalizedMessage in the caller's language (``call_context.locale``, from its
    accept-language) and, when present, BadRequest field violations and PreconditionFailure."""
    locale = call_context.locale.get()
    details = [
        error_details_pb2.ErrorInfo(reason=error.reason.value, domain=DOMAIN, metadata=error.metadata),
        _localized(error.text, locale),
    ]
    if error.violations:
        details.append(
            error_details_pb2.BadRequest(
                field_violations=[
                    error_details_pb2.BadRequest.FieldViolation(
                        field=v.field,
                        description=v.text.en,
                        reason=error.reason.value,
                        localized_message=_localized(v.text, locale),
                    )
                    for v in error.violations
                ]
            )
        )
    if isinstance(error, ResourceExhausted) and "retry_after_seconds" in error.metadata:
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(float(error.metadata["retry_after_seconds"]) * 1e9))
        details.append(error_details_pb2.RetryInfo(retry_delay=delay))
    if error.preconditions:
        details.append(
            error_details_pb2.PreconditionFailure(
                violations=[
                    error_details_pb2.PreconditionFailure.Violation(
                        type=p.type, subject=p.subject, description=p.text.en
                    )
                    for p in error.preconditions
                ]
            )
        )
    code = next((c for kind, c in STATUS_CODES.items() if isinstance(error, kind)), code_pb2.INTERNAL)
    return rpc_status.to_status(
        status_pb2.Status(code=code, message=error.text.en, details=[_pack(d) for d in details])
    )


def internal_status(incident: str) -> grpc.Status:
    """What a caller sees of an unexpected failure: no stack trace, an incident id for the logs."""
    text = Text(
        id=f"Terjadi kesalahan internal (insiden {incident})",
        en=f"Internal error (incident {incident})",
    )
    return to_status(errors.DomainError(errors.Reason.INTERNAL, text, metadata={"incident": incident}))


def unavailable_status(what: str) -> grpc.Status:
    text = Text(id=f"Layanan sementara tidak tersedia: {what}", en=f"Temporarily unavailable: {what}")
    return to_status(errors.Unavailable(errors.Reason.UNAVAILABLE, text))


def too_many_watchers(*, per_caller: bool = False) -> ResourceExhausted:
    """Every watch slot of this process (or of this caller) is taken; retry later or list instead."""
    if per_caller:
        text = Text(
            id="Pemanggil ini sudah membuka terlalu banyak pemantauan; tutup salah satunya",
            en="This caller has too many open watches; close one first",
        )
    else:
        text = Text(
            id="Terlalu banyak pemantauan terbuka; coba lagi nanti atau gunakan ListApplications",
            en="Too many open watches; retry later or use ListApplications",
        )
    return ResourceExhausted(errors.Reason.TOO_MANY_WATCHERS, text)


def too_many_requests(wait_seconds: float) -> ResourceExhausted:
    """This caller is past its rate; RetryInfo says when it may call again."""
    wait = f"{max(wait_seconds, 0.001):.3f}"
    text = Text(
        id=f"Terlalu banyak permintaan dari pemanggil ini; coba lagi dalam {wait} detik",
        en=f"Too many requests from this caller; retry in {wait} s",
    )
    return ResourceExhausted(errors.Reason.TOO_MANY_REQUESTS, text, metadata={"retry_after_seconds": wait})


def too_many_uploads() -> ResourceExhausted:
    """This caller already has as many uploads in progress as it may."""
    text = Text(
        id="Unggahan lain dari pemanggil ini masih berjalan; tunggu hingga selesai",
        en="Other uploads of this caller are still in progress; wait for them to finish",
    )
    return ResourceExhausted(errors.Reason.TOO_MANY_UPLOADS, text, metadata={"retry_after_seconds": "1.000"})


def server_draining() -> errors.Unavailable:
    """This replica is shutting down; the stream's client reconnects (to another one) and
    resumes from the last sequence it saw."""
    text = Text(
        id="Server sedang berhenti; sambungkan ulang dan lanjutkan dari urutan terakhir",
        en="The server is shutting down; reconnect and resume from the last sequence seen",
    )
    return errors.Unavailable(errors.Reason.SERVER_DRAINING, text)
