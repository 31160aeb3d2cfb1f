"""One pipeline per method, the only path from the bytes of a call to its servicer:
parse → bounds → authenticate → role → dispatch, metered, with one abort.

Every method handler is registered with an identity deserializer (server/api/edge.py)
and its pipeline is built here once. grpcio's own deserializer answers bytes that are
not a valid message with INTERNAL and a traceback per call; here they are
INVALID_ARGUMENT ``MALFORMED_REQUEST`` (server/api/malformed.py), and every string,
bytes and repeated field is held to its maximum (server/api/field_bounds_check.py)
before authentication, storage or matching see it. A servicer method declares who may
call it and where it runs (server/api/handler.py). Whatever stage refuses a call, the
refusal goes out through ``refuse`` (server/api/refusal.py).

A unary call is the hot path: one coroutine frame from the bytes to the servicer's
answer, no context manager, the meter's metric children looked up once per method.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeAlias

import grpc
from google.protobuf.message import Message

from server.api.call_meter import CallMeter, code_name
from server.api.handler import access_of
from server.api.malformed import MalformedLog
from server.api.refusal import refuse
from server.api.stages import (
    CheckBounds,
    Parse,
    authenticator,
    bounds_checker,
    dispatcher,
    each_item,
    no_caller,
    note_locale,
    parser,
    producer,
    role_checker,
)
from server.observability.metrics import Metrics

Handler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"


def pipeline(method: str, handler: Handler, malformed: MalformedLog, metrics: Metrics) -> Handler:
    """The same method, taking raw bytes and taking them through every stage (grpc.aio: the
    behaviours are coroutines and async generators)."""
    deserialize: Callable[[bytes], Message] = handler.request_deserializer  # type: ignore[assignment]
    parse = parser(method, deserialize, malformed)
    check_bounds = bounds_checker(getattr(getattr(deserialize, "__self__", None), "DESCRIPTOR", None))
    serialize = _passing_bytes(handler.response_serializer)
    meter = CallMeter(metrics, method.rpartition(".")[2])  # "EligibilityService/CheckEligibility"
    if handler.unary_unary:
        served = _unary(handler.unary_unary, method, parse, check_bounds, meter)
        return grpc.unary_unary_rpc_method_handler(served, response_serializer=serialize)
    if handler.unary_stream:
        streamed = _server_stream(handler.unary_stream, method, parse, check_bounds, meter)
        return grpc.unary_stream_rpc_method_handler(streamed, response_serializer=serialize)
    return _client_stream(handler, method, parse, check_bounds, serialize)


def _unary(behaviour: Any, method: str, parse: Parse, check_bounds: CheckBounds, meter: CallMeter) -> Any:
    access = access_of(behaviour)
    declared = access is not None  # grpc's health and reflection servicers declare nothing
    authenticate = authenticator(behaviour.__self__) if access else no_caller
    check_role = role_checker(access.roles if access else ())
    dispatch, awaited = dispatcher(behaviour, access)
    where = behaviour.__qualname__ if access else method

    async def unary(raw: bytes, context: Any) -> Any:
        note_locale(context)
        started, code = meter.begin(), "OK"
        try:
            try:
                request = parse(raw, context)
                check_bounds(raw, request)
                principal = None
                if declared:
                    principal = authenticate(request, context)
                    check_role(principal)
                answer = dispatch(request, principal, context)
                return await answer if awaited else answer
            except Exception as error:
                meter.refused(error)
                await refuse(context, error, where)
        except BaseException:
            code = code_name(context)
            raise
        finally:
            meter.end(started, code)

    return unary


def _server_stream(behaviour: Any, method: str, parse: Parse, check_bounds: CheckBounds, meter: CallMeter) -> Any:
    access = access_of(behaviour)
    declared = access is not None  # grpc's health and reflection servicers declare nothing
    authenticate = authenticator(behaviour.__self__) if access else no_caller
    check_role = role_checker(access.roles if access else ())
    produce = producer(behaviour, access)
    where = behaviour.__qualname__ if access else method

    async def stream(raw: bytes, context: Any) -> AsyncIterator[Any]:
        note_locale(context)
        started, code = meter.begin(), "OK"
        try:
            try:
                request = parse(raw, context)
                check_bounds(raw, request)
                principal = None
                if declared:
                    principal = authenticate(request, context)
                    check_role(principal)
                async for item in each_item(produce(request, principal, context)):
                    yield item
            except Exception as error:
                meter.refused(error)
                await refuse(context, error, where)
        except BaseException:
            code = code_name(context)
            raise
        finally:
            meter.end(started, code)

    return stream


def _client_stream(handler: Handler, method: str, parse: Parse, check_bounds: CheckBounds, serialize: Any) -> Handler:
    """Client-streaming methods (only grpc's reflection): each request parsed and bounded,
    not metered."""

    async def requests(raws: AsyncIterator[bytes], context: Any) -> AsyncIterator[Message]:
        async for raw in raws:
            try:
                request = parse(raw, context)
                check_bounds(raw, request)
            except Exception as error:
                await refuse(context, error, method)
            yield request

    if handler.stream_unary:
        stream_unary = handler.stream_unary

        async def gather(raws: AsyncIterator[bytes], context: Any) -> Any:
            answer = stream_unary(requests(raws, context), context)  # type: ignore[arg-type]
            return await answer if inspect.isawaitable(answer) else answer

        return grpc.stream_unary_rpc_method_handler(gather, response_serializer=serialize)
    stream_stream = handler.stream_stream
    assert stream_stream is not None

    async def both(raws: AsyncIterator[bytes], context: Any) -> AsyncIterator[Any]:
        async for item in each_item(stream_stream(requests(raws, context), context)):  # type: ignore[arg-type]
            yield item

    return grpc.stream_stream_rpc_method_handler(both, response_serializer=serialize)


def _passing_bytes(serialize: Callable[[Any], bytes] | None) -> Callable[[Any], bytes] | None:
    """The handler's serializer, letting bytes through as they are: a hot method may answer
    with a reply put together from prepared bytes (server/api/prepared.py)."""
    if serialize is None:
        return None
    return lambda answer: answer if isinstance(answer, bytes) else serialize(answer)
