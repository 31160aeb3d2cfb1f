"""One typed error family decoded from the rich gRPC status (google.rpc.Status)."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str
    localized: str


class CpmiError(Exception):
    """Base of every error the client raises for a failed call."""

    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(
        self,
        message: str,
        *,
        code: grpc.StatusCode | None = None,
        reason: str = "",
        domain: str = "",
        metadata: dict[str, str] | None = None,
        localized_message: str = "",
        field_violations: list[FieldViolation] | None = None,
        preconditions: list[tuple[str, str, str]] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.reason = reason
        self.domain = domain
        self.metadata = metadata or {}
        self.localized_message = localized_message
        self.field_violations = field_violations or []
        self.preconditions = preconditions or []
        # Seconds the server asked this caller to wait before trying again (RetryInfo, or
        # gRPC's grpc-retry-pushback-ms trailer); None when it named no delay.
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.code.name} {self.reason}: {self.message}"


class InvalidArgument(CpmiError):
    code = grpc.StatusCode.INVALID_ARGUMENT


class Unauthenticated(CpmiError):
    code = grpc.StatusCode.UNAUTHENTICATED


class PermissionDenied(CpmiError):
    code = grpc.StatusCode.PERMISSION_DENIED


class NotFound(CpmiError):
    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(CpmiError):
    code = grpc.StatusCode.ALREADY_EXISTS


class FailedPrecondition(CpmiError):
    code = grpc.StatusCode.FAILED_PRECONDITION


class Aborted(CpmiError):
    code = grpc.StatusCode.ABORTED


class ResourceExhausted(CpmiError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class Unavailable(CpmiError):
    code = grpc.StatusCode.UNAVAILABLE


class DeadlineExceeded(CpmiError):
    code = grpc.StatusCode.DEADLINE_EXCEEDED


class Unimplemented(CpmiError):
    code = grpc.StatusCode.UNIMPLEMENTED


class Internal(CpmiError):
    code = grpc.StatusCode.INTERNAL


_BY_CODE: dict[grpc.StatusCode, type[CpmiError]] = {
    cls.code: cls
    for cls in (
        InvalidArgument,
        Unauthenticated,
        PermissionDenied,
        NotFound,
        AlreadyExists,
        FailedPrecondition,
        Aborted,
        ResourceExhausted,
        Unavailable,
        DeadlineExceeded,
        Unimplemented,
        Internal,
    )
}


@dataclass
class _Details:
    reason: str = ""
    domain: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    localized: str = ""
    violations: list[FieldViolation] = field(default_factory=list)
    preconditions: list[tuple[str, str, str]] = field(default_factory=list)
    retry_after: float | None = None


PUSHBACK = "grpc-retry-pushback-ms"


def _pushback(error: grpc.Call) -> float | None:
    """gRPC's standard pushback trailer, in seconds (None: absent or not a number)."""
    for key, value in error.trailing_metadata() or ():
        if key == PUSHBACK:
            try:
                milliseconds = int(value)
            except (TypeError, ValueError):
                return None
            return milliseconds / 1000 if milliseconds >= 0 else None
    return None


def _details(error: grpc.RpcError) -> _Details:
    found = _Details()
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for packed in status.details if status else []:
        if packed.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            packed.Unpack(info)
            found.reason, found.domain, found.metadata = info.reason, info.domain, dict(info.metadata)
        elif packed.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            localized = error_details_pb2.LocalizedMessage()
            packed.Unpack(localized)
            found.localized = localized.message
        elif packed.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            packed.Unpack(bad)
            found.violations = [
                FieldViolation(v.field, v.description, v.localized_message.message) for v in bad.field_violations
            ]
        elif packed.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            failure = error_details_pb2.PreconditionFailure()
            packed.Unpack(failure)
            found.preconditions = [(v.type, v.subject, v.description) for v in failure.violations]
        elif packed.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            packed.Unpack(retry)
            found.retry_after = retry.retry_delay.ToNanoseconds() / 1e9
    if found.retry_after is None and isinstance(error, grpc.Call):
        found.retry_after = _pushback(error)
    return found


def from_grpc_error(error: grpc.RpcError) -> CpmiError:
    """The typed error for a failed call, with reason, metadata and field violations."""
    code = error.code() if isinstance(error, grpc.Call) else grpc.StatusCode.UNKNOWN
    message = error.details() if isinstance(error, grpc.Call) else str(error)
    details = _details(error) if isinstance(error, grpc.Call) else _Details()
    cls = _BY_CODE.get(code, CpmiError)
    return cls(
        message or "",
        code=code,
        reason=details.reason,
        domain=details.domain,
        metadata=details.metadata,
        localized_message=details.localized,
        field_violations=details.violations,
        preconditions=details.preconditions,
        retry_after=details.retry_after,
    )
