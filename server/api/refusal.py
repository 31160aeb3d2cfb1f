"""The one way a call is refused: the status its error stands for, sent with the call's abort.

A ``DomainError`` is the status of its reason (server/api/errors.py). Anything else is a
fault of ours: INTERNAL with an incident id for the caller, the traceback (long numbers
masked) for the log, never for the caller.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from typing import Any, NoReturn

import grpc

from matcher.errors import DomainError
from matcher.redaction import redact_numbers
from server.api.errors import PUSHBACK, internal_status, to_status

log = logging.getLogger("cpmi.rpc")


async def refuse(context: Any, error: Exception, where: str) -> NoReturn:
    """End the call with the status ``error`` stands for (an abort already under way goes on)."""
    if isinstance(error, grpc.aio.AbortError):
        raise error
    status = status_for(error, where)
    await context.abort(status.code, status.details, honourable(status.trailing_metadata, context))
    raise AssertionError("abort returned")  # pragma: no cover


def honourable(trailers: tuple[tuple[str, Any], ...], context: Any) -> tuple[tuple[str, Any], ...]:
    """The trailers without a pushback the caller cannot honour: one longer than what is left
    of its deadline (grpc-timeout). grpc-go would wait it out and answer DEADLINE_EXCEEDED, so
    the RESOURCE_EXHAUSTED and its RetryInfo (in the rich details, still sent) never reached
    the caller's code."""
    remaining = getattr(context, "time_remaining", lambda: None)()
    if remaining is None:
        return trailers
    return tuple((k, v) for k, v in trailers if k != PUSHBACK or int(v) / 1000 < remaining)


def status_for(error: Exception, where: str) -> grpc.Status:
    """The status for ``error``; ``where`` names the method in the incident's log line."""
    if isinstance(error, DomainError):
        return to_status(error)
    incident = uuid.uuid4().hex[:12]
    trace = "".join(traceback.format_exception(error))
    log.error("incident %s in %s\n%s", incident, where, redact_numbers(trace))
    return internal_status(incident)
