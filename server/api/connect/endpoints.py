"""The protocol adapter: a Connect endpoint for each unary or server-streaming method of
the gRPC server, calling that method's pipeline with the request's bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import grpc
from connectrpc.method import IdempotencyLevel, MethodInfo, StreamType
from connectrpc.request import RequestContext
from connectrpc.server import ConnectASGIApplication, Endpoint
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.message import Message

from server.api.connect.codecs import RawBinary, StrictJson
from server.api.connect.door_context import Aborted, DoorContext

Handlers = Mapping[str, "grpc.RpcMethodHandler[Any, Any]"]


def _unary(
    handler: grpc.RpcMethodHandler[Any, Any], output: type[Message]
) -> Callable[[bytes, RequestContext[Any, Any]], Awaitable[Any]]:
    behaviour: Any = handler.unary_unary  # grpc.aio's: (bytes, context) -> awaitable

    async def call(raw: bytes, ctx: RequestContext[Any, Any]) -> Any:
        try:
            return _message(await behaviour(raw, DoorContext(ctx)), output)
        except Aborted as aborted:
            raise aborted.error from None

    return call


def _server_stream(
    handler: grpc.RpcMethodHandler[Any, Any], output: type[Message]
) -> Callable[[bytes, RequestContext[Any, Any]], AsyncIterator[Any]]:
    behaviour: Any = handler.unary_stream  # grpc.aio's: (bytes, context) -> async iterator

    async def call(raw: bytes, ctx: RequestContext[Any, Any]) -> AsyncIterator[Any]:
        try:
            async for item in behaviour(raw, DoorContext(ctx)):
                yield _message(item, output)
        except Aborted as aborted:
            raise aborted.error from None

    return call


def _message(answer: Any, output: type[Message]) -> Any:
    """A reply the handler put together as bytes, as the message the codecs write."""
    return output.FromString(answer) if isinstance(answer, bytes) else answer


def endpoints(handlers: Handlers) -> dict[str, Any]:
    """An endpoint per unary or server-streaming method of the gRPC server."""
    pool = descriptor_pool.Default()
    found: dict[str, Any] = {}
    for path, handler in handlers.items():
        if handler.unary_stream is None and handler.unary_unary is None:
            continue  # client streams (reflection) are not for Connect's unary and server-stream calls
        service_name, _, name = path.strip("/").rpartition("/")
        method = pool.FindServiceByName(service_name).methods_by_name[name]
        streaming = handler.unary_stream is not None
        info = MethodInfo(
            name=name,
            service_name=service_name,
            input=message_factory.GetMessageClass(method.input_type),
            output=message_factory.GetMessageClass(method.output_type),
            idempotency_level=IdempotencyLevel.UNKNOWN,
            stream_type=StreamType.SERVER_STREAM if streaming else StreamType.UNARY,
        )
        if streaming:
            found[path] = Endpoint.server_stream(info, _server_stream(handler, info.output))
        elif handler.unary_unary is not None:
            found[path] = Endpoint.unary(info, _unary(handler, info.output))
    return found


class DoorApplication(ConnectASGIApplication[object]):
    """connectrpc's ASGI application over every endpoint, with the door's codecs."""

    def __init__(self, handlers: Handlers, read_max_bytes: int) -> None:
        routes = endpoints(handlers)
        super().__init__(
            service=object(),
            endpoints=lambda _: routes,
            read_max_bytes=read_max_bytes,
            codecs=[RawBinary(), StrictJson()],
        )

    @property
    def path(self) -> str:
        return "/"
