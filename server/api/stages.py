"""The stages a call goes through at the edge, each built once per method: hear the
caller's language, parse, check the field bounds, authenticate, check the role, dispatch
(the meter is server/api/call_meter.py).

Each stage raises the ``DomainError`` that refuses the call; the pipeline
(server/api/pipeline.py) sends it with one abort. Role checks come before any lookup,
so a wrong caller learns nothing about what exists.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, NoReturn

from google.protobuf.message import DecodeError, Message

from matcher.principal import Principal, Role, require_role
from server.api.field_bounds_check import bounds_refusal, surely_within_bounds
from server.api.handler import Access, HasVerifier
from server.api.malformed import MalformedLog, malformed_request
from server.observability import call_context

Parse = Callable[[bytes, Any], Message]
CheckBounds = Callable[[bytes, Message], None]
Authenticate = Callable[[Message, Any], Principal]
CheckRole = Callable[[Principal], None]
# (request, the caller or None, context) -> the answer, an awaitable or what a stream produces
Dispatch = Callable[[Message, Any, Any], Any]
_DONE = object()


def note_locale(context: Any) -> None:
    """The language this call's messages are in, from its accept-language metadata."""
    for key, value in context.invocation_metadata() or ():
        if key == "accept-language":
            call_context.locale.set(call_context.preferred_locale(str(value)))
            return


def parser(method: str, deserialize: Callable[[bytes], Message], malformed: MalformedLog) -> Parse:
    """Parse: the request, or MALFORMED_REQUEST (logged once a while per client)."""

    def parse(raw: bytes, context: Any) -> Message:
        try:
            return deserialize(raw)
        except DecodeError:
            malformed.note(method, context.peer())
            raise malformed_request(method, raw) from None
        except Exception:  # the upb parser raises only DecodeError; anything else is ours
            malformed.note(method, context.peer())
            raise malformed_request(method, b"") from None

    return parse


def bounds_checker(descriptor: Any) -> CheckBounds:
    """Bounds: every field within its maximum, walked only when the request could break one."""
    within_bounds = surely_within_bounds(descriptor)

    def check_bounds(raw: bytes, request: Message) -> None:
        if not within_bounds(raw, request):
            refusal = bounds_refusal(request)
            if refusal is not None:
                raise refusal

    return check_bounds


def authenticator(servicer: HasVerifier) -> Authenticate:
    """Authenticate: the caller the token names, admitted by its caller rate; noted for the
    access log and the audit trail (server/observability/call_context.py)."""
    verifier = servicer.verifier

    def authenticate(request: Message, context: Any) -> Principal:
        principal = verifier.admit(tuple(context.invocation_metadata() or ()))
        call_context.role.set(principal.role.value)
        call_context.subject.set(principal.subject)
        call_context.request_id.set(getattr(request, "request_id", ""))
        call_context.peer_of.set(context.peer)
        return principal

    return authenticate


def no_caller(_request: Message, _context: Any) -> NoReturn:
    """The authenticate stage of a method that declares no access: the pipeline skips it."""
    raise AssertionError("a method that declares no access has no caller to authenticate")


def role_checker(roles: tuple[Role, ...]) -> CheckRole:
    """Role: the caller is one of ``roles`` (none: no caller is)."""

    def check_role(principal: Principal) -> None:
        require_role(principal, *roles)

    return check_role


def dispatcher(behaviour: Any, access: Access | None) -> tuple[Dispatch, bool]:
    """Dispatch: how a unary method is called, and whether its answer is awaited. A declared
    method runs on the loop (inline) or in the loop's thread pool, the worker in this
    call's context (its peer, for the audit trail); one that declares nothing (grpc's
    health servicer) takes no caller and is awaited when it answers with an awaitable."""
    if access is None and inspect.iscoroutinefunction(behaviour):
        return lambda request, _nobody, context: behaviour(request, context), True
    if access is None:

        async def open_method(request: Message, _nobody: None, context: Any) -> Any:
            answer = behaviour(request, context)
            return await answer if inspect.isawaitable(answer) else answer

        return open_method, True
    if access.inline:
        return behaviour, False

    def pooled(request: Message, principal: Principal, context: Any) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        # grpc.aio's call context belongs to the loop: a worker that records the peer asks the
        # loop for it (calling context.peer() from the worker thread crashed the process).
        call_context.peer_of.set(lambda: _peer_from_loop(loop, context))
        run = contextvars.copy_context().run
        return loop.run_in_executor(None, run, behaviour, request, principal, context)

    return pooled, True


def _peer_from_loop(loop: asyncio.AbstractEventLoop, context: Any) -> str:
    """The call's peer, read on the loop that serves the call ("" if the loop cannot answer)."""

    async def read() -> str:
        return str(context.peer())

    try:
        return asyncio.run_coroutine_threadsafe(read(), loop).result(timeout=5)
    except Exception:  # the loop is stopping: the audit record goes without a peer
        return ""


def producer(behaviour: Any, access: Access | None) -> Dispatch:
    """Dispatch for a server-streaming method: what it produces (see ``each_item``)."""
    if access is None:
        return lambda request, _nobody, context: behaviour(request, context)
    return behaviour  # type: ignore[no-any-return]


async def each_item(produced: Any) -> AsyncIterator[Any]:
    """The items a streaming method produces: an async generator's on the loop, a plain
    generator's advanced in the thread pool one at a time."""
    if inspect.isasyncgen(produced) or hasattr(produced, "__aiter__"):
        async for item in produced:
            yield item
        return
    loop = asyncio.get_running_loop()
    items: Iterator[Any] = iter(produced)
    while (item := await loop.run_in_executor(None, next, items, _DONE)) is not _DONE:
        yield item
