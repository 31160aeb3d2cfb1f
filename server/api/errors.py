"""The one table from domain errors to gRPC status codes, and rich error details."""

from __future__ import annotations

import collections
import math

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from matcher import errors
from matcher.text import Text
from server.observability import call_context

DOMAIN = "cpmi-matcher.kemnaker.go.id"
# The trailer gRPC clients read a server's retry delay from (gRFC A6).
PUSHBACK = "grpc-retry-pushback-ms"


STATUS_CODES: dict[type[errors.DomainError], int] = {
    errors.Unavailable: code_pb2.UNAVAILABLE,
    errors.ResourceExhausted: code_pb2.RESOURCE_EXHAUSTED,
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


def _in(text: Text, locale: str) -> str:
    return text.en if locale == "en" else text.id


def _localized(text: Text, locale: str) -> error_details_pb2.LocalizedMessage:
    return error_details_pb2.LocalizedMessage(locale=locale, message=_in(text, locale))


def to_status(error: errors.DomainError) -> grpc.Status:
    """google.rpc.Status: the message in the caller's language (``call_context.locale``, from
    its accept-language: Indonesian unless it asks for English), as a person reads it; ErrorInfo
    (the stable reason, for programs), a LocalizedMessage in that language and, when present,
    BadRequest field violations (description in English, localized_message in the caller's
    language) and PreconditionFailure (type and subject stable, description in the caller's
    language)."""
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
    if "retry_after_seconds" in error.metadata:
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(float(error.metadata["retry_after_seconds"]) * 1e9))
        details.append(error_details_pb2.RetryInfo(retry_delay=delay))
    if error.preconditions:
        details.append(
            error_details_pb2.PreconditionFailure(
                violations=[
                    error_details_pb2.PreconditionFailure.Violation(
                        type=p.type, subject=p.subject, description=_in(p.text, locale)
                    )
                    for p in error.preconditions
                ]
            )
        )
    code = next((c for kind, c in STATUS_CODES.items() if isinstance(error, kind)), code_pb2.INTERNAL)
    status = rpc_status.to_status(
        status_pb2.Status(code=code, message=_in(error.text, locale), details=[_pack(d) for d in details])
    )
    if "retry_after_seconds" not in error.metadata:
        return status
    # gRPC's own pushback: a client retrying by a service config's retryPolicy waits this long.
    pushback = str(math.ceil(float(error.metadata["retry_after_seconds"]) * 1000))
    return _Status(status.code, status.details, (*status.trailing_metadata, (PUSHBACK, pushback)))


class _Status(collections.namedtuple("_Status", ("code", "details", "trailing_metadata")), grpc.Status):
    """A grpc.Status as grpc_status builds one, with a trailer more."""


def internal_status(incident: str) -> grpc.Status:
    """What a caller sees of an unexpected failure: no stack trace, an incident id for the logs."""
    text = Text(
        id=f"Terjadi kesalahan internal (insiden {incident})",
        en=f"Internal error (incident {incident})",
    )
    return to_status(errors.DomainError(errors.Reason.INTERNAL, text, metadata={"incident": incident}))
