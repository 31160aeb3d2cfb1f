"""The decorators every servicer method wears: authenticate, check the role, map errors,
and decide where the work runs.

The server is grpc.aio: the event loop owns every call, and no thread waits on
an idle one. A method that only reads this process's memory (indexes, the
policy registry, the catalogue) runs on the loop (``inline=True``); one that
waits on the database or the document store runs in the loop's thread pool.
Role checks come before any lookup, so a wrong caller learns nothing about what
exists. Unexpected exceptions become INTERNAL with an incident id; the
traceback goes to the log (long numbers masked), never to the caller.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import logging
import traceback
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, NoReturn, Protocol, TypeVar

import grpc

from matcher.errors import DomainError
from matcher.principal import Principal, Role, require_role
from matcher.redaction import redact_numbers
from server.api.errors import internal_status, to_status
from server.observability import call_context
from server.security.tokens import TokenVerifier

log = logging.getLogger("cpmi.rpc")

Req = TypeVar("Req")
Resp = TypeVar("Resp")
_DONE = object()


class HasVerifier(Protocol):
    verifier: TokenVerifier


Method = Callable[[Any, Req, Principal, Any], Resp]
# What gRPC calls: (servicer, request, context), a coroutine or an async generator.
Wrapped = Callable[[Any, Req, Any], Any]


def _enter_call(principal: Principal, request: Any, context: Any) -> None:
    """What the access log and the audit trail take from the transport (server/observability/call_context.py)."""
    call_context.role.set(principal.role.value)
    call_context.request_id.set(getattr(request, "request_id", ""))
    call_context.peer_of.set(context.peer)


def rpc(*roles: Role, inline: bool = False) -> Callable[[Method[Req, Resp]], Wrapped[Req]]:
    """Wrap a unary servicer method ``(self, request, principal, context)`` for grpc.aio."""

    def decorate(method: Method[Req, Resp]) -> Wrapped[Req]:
        @functools.wraps(method)
        async def handle(self: HasVerifier, request: Req, context: Any) -> Resp:
            try:
                principal = self.verifier.admit(tuple(context.invocation_metadata() or ()))
                _enter_call(principal, request, context)
                require_role(principal, *roles)
                if inline:
                    return method(self, request, principal, context)
                loop = asyncio.get_running_loop()
                # The worker thread runs in this call's context (its peer, for the audit trail).
                run = contextvars.copy_context().run
                return await loop.run_in_executor(None, run, method, self, request, principal, context)
            except Exception as error:
                await abort(context, error, method.__qualname__)

        return handle

    return decorate


def rpc_stream(*roles: Role) -> Callable[[Method[Req, Any]], Wrapped[Req]]:
    """The same for server-streaming methods: an async generator method runs on the loop;
    a plain generator is advanced in the thread pool, one item at a time."""

    def decorate(method: Method[Req, Any]) -> Wrapped[Req]:
        @functools.wraps(method)
        async def handle(self: HasVerifier, request: Req, context: Any) -> AsyncIterator[Any]:
            try:
                principal = self.verifier.admit(tuple(context.invocation_metadata() or ()))
                _enter_call(principal, request, context)
                require_role(principal, *roles)
                produced = method(self, request, principal, context)
                if inspect.isasyncgen(produced):
                    async for item in produced:
                        yield item
                    return
                loop = asyncio.get_running_loop()
                items: Iterator[Any] = produced
                while (item := await loop.run_in_executor(None, next, items, _DONE)) is not _DONE:
                    yield item
            except Exception as error:
                await abort(context, error, method.__qualname__)

        return handle

    return decorate


async def abort(context: Any, error: Exception, where: str) -> NoReturn:
    """End the call with the status ``error`` stands for."""
    if isinstance(error, grpc.aio.AbortError):
        raise error
    status = status_for(error, where)
    await context.abort(status.code, status.details, status.trailing_metadata)
    raise AssertionError("abort returned")  # pragma: no cover


def status_for(error: Exception, where: str) -> grpc.Status:
    if isinstance(error, DomainError):
        return to_status(error)
    incident = uuid.uuid4().hex[:12]
    trace = "".join(traceback.format_exception(error))
    log.error("incident %s in %s\n%s", incident, where, redact_numbers(trace))
    return internal_status(incident)
