"""Typed Python client for cpmi-matcher."""

from cpmi_client.client import Client, Pager, Retry, Watch
from cpmi_client.errors import (
    Aborted,
    AlreadyExists,
    CpmiError,
    DeadlineExceeded,
    FailedPrecondition,
    FieldViolation,
    Internal,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
    Unimplemented,
    from_grpc_error,
)

__all__ = [
    "Aborted",
    "AlreadyExists",
    "Client",
    "CpmiError",
    "DeadlineExceeded",
    "FailedPrecondition",
    "FieldViolation",
    "Internal",
    "InvalidArgument",
    "NotFound",
    "Pager",
    "PermissionDenied",
    "ResourceExhausted",
    "Retry",
    "Unauthenticated",
    "Unavailable",
    "Unimplemented",
    "Watch",
    "from_grpc_error",
]
