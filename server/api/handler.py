"""The decorator every servicer method wears: authenticate, check the role, map errors.

Role checks come before any lookup, so a wrong caller learns nothing about
what exists. Unexpected exceptions become INTERNAL with an incident id; the
traceback goes to the log, never to the caller.
"""

from __future__ import annotations

import functools
import logging
import traceback
import uuid
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, Protocol, TypeVar, cast

import grpc
from sqlalchemy.exc import InterfaceError, OperationalError

from matcher.errors import DomainError
from matcher.masking import redact_numbers
from matcher.principal import Principal, Role, require_role
from server.api.errors import internal_status, to_status, unavailable_status
from server.auth import TokenVerifier

log = logging.getLogger("cpmi.rpc")

Req = TypeVar("Req")
Resp = TypeVar("Resp")


class HasVerifier(Protocol):
    verifier: TokenVerifier


Method = Callable[[Any, Req, Principal, grpc.ServicerContext], Resp]
Wrapped = Callable[[Any, Req, grpc.ServicerContext], Resp]


def rpc(*roles: Role) -> Callable[[Method[Req, Resp]], Wrapped[Req, Resp]]:
    """Wrap a unary servicer method ``(self, request, principal, context)`` for gRPC."""

    def decorate(method: Method[Req, Resp]) -> Wrapped[Req, Resp]:
        @functools.wraps(method)
        def handle(self: HasVerifier, request: Req, context: grpc.ServicerContext) -> Resp:
            try:
                principal = self.verifier.verify(context.invocation_metadata())
                require_role(principal, *roles)
                return method(self, request, principal, context)
            except Exception as error:
                _abort(context, error, method.__qualname__)

        return handle

    return decorate


def rpc_stream(*roles: Role) -> Callable[[Method[Req, Iterator[Resp]]], Wrapped[Req, Iterator[Resp]]]:
    """The same for server-streaming methods: errors while streaming are mapped too."""

    def decorate(method: Method[Req, Iterator[Resp]]) -> Wrapped[Req, Iterator[Resp]]:
        @functools.wraps(method)
        def handle(self: HasVerifier, request: Req, context: grpc.ServicerContext) -> Iterator[Resp]:
            try:
                principal = self.verifier.verify(context.invocation_metadata())
                require_role(principal, *roles)
                yield from method(self, request, principal, context)
            except Exception as error:
                _abort(context, error, method.__qualname__)

        return handle

    return decorate


def _abort(context: grpc.ServicerContext, error: Exception, where: str) -> NoReturn:
    if isinstance(error, DomainError):
        context.abort_with_status(to_status(error))
    if cast(Any, context).code() is not None:  # already aborted or cancelled: let gRPC finish it
        raise error
    if isinstance(error, OperationalError | InterfaceError):
        # The database is unreachable or locked past its timeout; nothing was committed,
        # and the call may be retried.
        log.warning("database unavailable in %s: %s", where, redact_numbers(str(error)))
        context.abort_with_status(unavailable_status("database"))
    incident = uuid.uuid4().hex[:12]
    trace = "".join(traceback.format_exception(error))
    log.error("incident %s in %s\n%s", incident, where, redact_numbers(trace))
    context.abort_with_status(internal_status(incident))
    raise AssertionError("abort_with_status returned")  # pragma: no cover
