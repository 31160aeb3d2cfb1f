"""The edge every call crosses before any servicer runs: parse the bytes, bound the fields.

grpcio's own deserializer answers bytes that are not a valid message with
INTERNAL and logs a traceback per call. Every method handler is therefore
registered with an identity deserializer and wrapped here: bytes that do not
parse are INVALID_ARGUMENT ``MALFORMED_REQUEST`` (a string field that is not
valid UTF-8 is named), and every string, bytes and repeated field is checked
against the maximum its comment in proto/ states (``field_bounds.py``) before
authentication, storage or matching see it.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, NoReturn

import grpc
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import DecodeError, Message

from matcher.errors import DomainError, FieldViolation, InvalidArgument, Reason, invalid_fields
from matcher.text import Text
from server.api.errors import to_status
from server.api.field_bounds import LIMITS
from server.observability import call_context
from server.observability.logs import log_call
from server.observability.metrics import MethodMeter, Metrics

log = logging.getLogger("cpmi.edge")

# Dates and timestamps outside these years are a caller's mistake, whatever the field.
SANE_YEARS = range(1900, 2201)
FIELD_MASK_PATHS = 50
FIELD_MASK_PATH_CHARACTERS = 200
# The wire walker that names a field with invalid UTF-8 stops this deep.
MAX_DIAGNOSIS_DEPTH = 64
MALFORMED_LOG_INTERVAL_SECONDS = 60.0


class GuardedServer:
    """Stands in for a grpc.Server while servicers are added, wrapping each handler."""

    def __init__(self, server: grpc.Server, metrics: Metrics) -> None:
        self._server = server
        self._malformed = MalformedLog()
        self._metrics = metrics
        # Every wrapped handler by its path, for other doors to the same methods (Connect).
        self.handlers: dict[str, grpc.RpcMethodHandler[Any, Any]] = {}
        # One lookup for every service: grpc asks each generic handler in turn, a call each.
        server.add_generic_rpc_handlers((_EveryMethod(self.handlers),))

    def add_generic_rpc_handlers(self, handlers: tuple[grpc.GenericRpcHandler[Any, Any], ...]) -> None:
        unwrapped = []
        for handler in handlers:
            methods = getattr(handler, "_method_handlers", None)
            if methods is None:  # not built from a method table: nothing to wrap
                unwrapped.append(handler)
                continue
            self._wrap_all(str(handler.service_name()), methods)  # type: ignore[attr-defined]
        if unwrapped:
            self._server.add_generic_rpc_handlers(tuple(unwrapped))

    def add_registered_method_handlers(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler[Any, Any]]
    ) -> None:
        self._server.add_registered_method_handlers(service, self._wrap_all(service, handlers))  # type: ignore[attr-defined]

    def _wrap_all(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler[Any, Any]]
    ) -> dict[str, grpc.RpcMethodHandler[Any, Any]]:
        wrapped = {
            name: guarded(_path(service, name), handler, self._malformed, self._metrics)
            for name, handler in handlers.items()
        }
        self.handlers |= {_path(service, name): handler for name, handler in wrapped.items()}
        return wrapped


class _EveryMethod(grpc.GenericRpcHandler):  # type: ignore[type-arg]
    """The wrapped handlers of every service, found by the call's path in one dict."""

    def __init__(self, handlers: dict[str, grpc.RpcMethodHandler[Any, Any]]) -> None:
        self._handlers = handlers

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler[Any, Any] | None:
        return self._handlers.get(handler_call_details.method)


def _passing_bytes(serialize: Callable[[Any], bytes] | None) -> Callable[[Any], bytes] | None:
    """The handler's serializer, letting bytes through as they are: a hot method may answer
    with a reply put together from prepared bytes (server/api/prepared.py)."""
    if serialize is None:
        return None
    return lambda answer: answer if isinstance(answer, bytes) else serialize(answer)


def _path(service: str, name: str) -> str:
    """A method's path; a registered handler's table names it by its path already."""
    return name if name.startswith("/") else f"/{service}/{name}"


def guarded(
    method: str, handler: grpc.RpcMethodHandler[Any, Any], malformed: MalformedLog, metrics: Metrics
) -> grpc.RpcMethodHandler[Any, Any]:
    """The same handler, taking raw bytes and parsing and bounding them itself (grpc.aio:
    the behaviours are coroutines and async generators; a plain handler's result is used
    as it comes)."""
    deserialize: Callable[[bytes], Message] = handler.request_deserializer  # type: ignore[assignment]
    within_bounds = _surely_within_bounds(getattr(getattr(deserialize, "__self__", None), "DESCRIPTOR", None))

    def parse_now(raw: bytes, context: Any) -> Message:
        """The request, or the DomainError that says why these bytes are not one."""
        try:
            request = deserialize(raw)
        except DecodeError:
            malformed.note(method, context.peer())
            raise malformed_request(method, raw) from None
        except Exception:  # the upb parser raises only DecodeError; anything else is ours
            malformed.note(method, context.peer())
            raise malformed_request(method, b"") from None
        if not within_bounds(raw, request):
            violations = bound_violations(request)
            if violations:
                raise _too_large(violations) or invalid_fields(violations)
        return request

    async def parse(raw: bytes, context: Any) -> Message:
        try:
            return parse_now(raw, context)
        except DomainError as refused:
            await _abort(context, refused)

    serialize = _passing_bytes(handler.response_serializer)
    label = method.rpartition(".")[2]  # "EligibilityService/CheckEligibility"
    meter = metrics.meter(label)
    if handler.unary_unary:
        unary_unary = handler.unary_unary
        awaited = inspect.iscoroutinefunction(unary_unary)

        async def unary(raw: bytes, context: Any) -> Any:
            """The hot path: one frame around the servicer, no context manager."""
            _note_locale(context)
            started, code = time.perf_counter(), "OK"
            metrics.calls_in_flight += 1
            try:
                try:
                    request = parse_now(raw, context)
                except DomainError as refused:
                    await _abort(context, refused)
                if awaited:
                    return await unary_unary(request, context)
                answer = unary_unary(request, context)
                return await answer if inspect.isawaitable(answer) else answer
            except BaseException:
                code = _code_name(context)
                raise
            finally:
                _ended(metrics, meter, label, started, code)

        return grpc.unary_unary_rpc_method_handler(unary, response_serializer=serialize)
    if handler.unary_stream:
        unary_stream = handler.unary_stream

        async def stream(raw: bytes, context: Any) -> AsyncIterator[Any]:
            _note_locale(context)
            with _timed(meter, metrics, label, context):
                async for item in _each(unary_stream(await parse(raw, context), context)):
                    yield item

        return grpc.unary_stream_rpc_method_handler(stream, response_serializer=serialize)

    async def requests(raws: AsyncIterator[bytes], context: Any) -> AsyncIterator[Message]:
        async for raw in raws:
            yield await parse(raw, context)

    if handler.stream_unary:
        stream_unary = handler.stream_unary

        async def gather(raws: AsyncIterator[bytes], context: Any) -> Any:
            answer = stream_unary(requests(raws, context), context)  # type: ignore[arg-type]
            return await answer if inspect.isawaitable(answer) else answer

        return grpc.stream_unary_rpc_method_handler(gather, response_serializer=serialize)
    stream_stream = handler.stream_stream
    assert stream_stream is not None

    async def both(raws: AsyncIterator[bytes], context: Any) -> AsyncIterator[Any]:
        async for item in _each(stream_stream(requests(raws, context), context)):  # type: ignore[arg-type]
            yield item

    return grpc.stream_stream_rpc_method_handler(both, response_serializer=serialize)


def _note_locale(context: Any) -> None:
    """The language this call's messages are in, from its accept-language metadata."""
    for key, value in context.invocation_metadata() or ():
        if key == "accept-language":
            call_context.locale.set(call_context.preferred_locale(str(value)))
            return


@contextlib.contextmanager
def _timed(meter: MethodMeter, metrics: Metrics, label: str, context: Any) -> Iterator[None]:
    """One call in the metrics: in flight while it runs, then its latency and its code."""
    started, code = time.perf_counter(), "OK"
    metrics.calls_in_flight += 1
    try:
        yield
    except BaseException:
        code = _code_name(context)
        raise
    finally:
        _ended(metrics, meter, label, started, code)


def _ended(metrics: Metrics, meter: MethodMeter, label: str, started: float, code: str) -> None:
    """A call is over: out of the calls in flight, into the latency, the answers and the access log."""
    metrics.calls_in_flight -= 1
    seconds = meter.observe(started, code)
    log_call(label, call_context.role.get(), code, seconds, call_context.request_id.get())


def _code_name(context: Any) -> str:
    """The code a call ended with (an abort sets it; a cancelled call has none)."""
    code = context.code()
    if isinstance(code, grpc.StatusCode):
        return code.name
    if code is None:
        return "CANCELLED"
    return next((c.name for c in grpc.StatusCode if c.value[0] == code), str(code))


async def _each(produced: Any) -> AsyncIterator[Any]:
    if hasattr(produced, "__aiter__"):
        async for item in produced:
            yield item
    else:
        for item in produced:
            yield item


async def _abort(context: Any, error: DomainError) -> NoReturn:
    status = to_status(error)
    await context.abort(status.code, status.details, status.trailing_metadata)
    raise AssertionError("abort returned")  # pragma: no cover


def malformed_request(method: str, raw: bytes) -> DomainError:
    """MALFORMED_REQUEST, naming the string field that is not UTF-8 when that is the cause."""
    descriptor = _request_descriptor(method)
    field = invalid_utf8_field(descriptor, raw) if descriptor is not None else None
    if field:
        text = Text(id="bukan teks UTF-8 yang valid", en="is not valid UTF-8")
        return invalid_fields([FieldViolation(field, text)], Reason.MALFORMED_REQUEST)
    return InvalidArgument(
        Reason.MALFORMED_REQUEST,
        Text(
            id="Isi permintaan bukan pesan yang valid untuk metode ini",
            en="The request bytes are not a valid message for this method",
        ),
        metadata={"method": method},
    )


def _request_descriptor(method: str) -> Descriptor | None:
    from google.protobuf import descriptor_pool

    service, _, name = method.strip("/").rpartition("/")
    try:
        found = descriptor_pool.Default().FindServiceByName(service).methods_by_name.get(name)
    except KeyError:
        return None
    return found.input_type if found is not None else None


def invalid_utf8_field(descriptor: Descriptor, data: bytes, prefix: str = "", depth: int = 0) -> str | None:
    """The path of the first string field in ``data`` whose bytes are not UTF-8, if any."""
    if depth > MAX_DIAGNOSIS_DEPTH:
        return None
    position = 0
    try:
        while position < len(data):
            key, position = _varint(data, position)
            number, wire_type = key >> 3, key & 7
            if wire_type == 0:
                _, position = _varint(data, position)
            elif wire_type in (1, 5):
                position += 8 if wire_type == 1 else 4
            elif wire_type == 2:
                length, position = _varint(data, position)
                chunk, position = data[position : position + length], position + length
                found = _check_chunk(descriptor.fields_by_number.get(number), chunk, prefix, depth)
                if found:
                    return found
            else:
                return None
    except IndexError:
        return None
    return None


def _check_chunk(field: FieldDescriptor | None, chunk: bytes, prefix: str, depth: int) -> str | None:
    if field is None:
        return None
    path = f"{prefix}{field.name}"
    if field.type == FieldDescriptor.TYPE_STRING:
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError:
            return path
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        return invalid_utf8_field(field.message_type, chunk, f"{path}.", depth + 1) if field.message_type else None
    return None


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise IndexError("varint too long")


def _surely_within_bounds(descriptor: Any) -> Callable[[bytes, Message], bool]:
    """A cheap test that a request cannot break any bound, so the walk of its fields can be
    skipped: no string, bytes or list can be longer than the whole request, and a NUL
    character is a zero byte. Date, timestamp, money and field-mask fields have checks of
    their own: when one is set (at the top; deeper ones always walk) the walk runs."""
    if descriptor is None:
        return lambda _raw, _request: False
    smallest, special, deep = _bounds_of(descriptor, set(), top=True)
    if deep:
        return lambda _raw, _request: False
    return lambda raw, request: (
        len(raw) <= smallest and b"\x00" not in raw and not any(request.HasField(name) for name in special)
    )


def _bounds_of(descriptor: Descriptor, visited: set[str], *, top: bool) -> tuple[int, list[str], bool]:
    """The smallest bound under ``descriptor``, its top-level fields of the specially checked
    types, and whether such a type sits deeper (or in a list)."""
    visited.add(descriptor.full_name)
    smallest = min(LIMITS.get(descriptor.full_name, {}).values(), default=2**31)
    special: list[str] = []
    deep = False
    for field in descriptor.fields:
        kind = field.message_type
        if kind is None:
            continue
        if kind.full_name in _SPECIAL:
            if top and not field.is_repeated:
                special.append(field.name)
            else:
                deep = True
        elif kind.full_name not in visited:
            below, _, deeper = _bounds_of(kind, visited, top=False)
            smallest, deep = min(smallest, below), deep or deeper
    return smallest, special, deep


def bound_violations(message: Message, prefix: str = "") -> list[FieldViolation]:
    """Every field of ``message`` (recursively) over its documented maximum, with NULs and
    dates or timestamps outside sane years."""
    violations: list[FieldViolation] = []
    descriptor = message.DESCRIPTOR
    limits = LIMITS.get(descriptor.full_name, {})
    special = _SPECIAL.get(descriptor.full_name)
    if special is not None:
        special(message, prefix.rstrip("."), violations)
    for field, value in message.ListFields():
        path = f"{prefix}{field.name}"
        if field.is_repeated:
            most = limits.get(f"{field.name}:items")
            if most is not None and len(value) > most:
                violations.append(FieldViolation(path, _text_at_most(most, "butir", "items")))
                continue
            for i, item in enumerate(value):
                _one(field, item, f"{path}[{i}]", limits, violations)
        else:
            _one(field, value, path, limits, violations)
    return violations


def _one(
    field: FieldDescriptor, value: Any, path: str, limits: dict[str, int], violations: list[FieldViolation]
) -> None:
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        violations.extend(bound_violations(value, f"{path}."))
    elif field.type == FieldDescriptor.TYPE_STRING:
        if "\x00" in value:
            violations.append(FieldViolation(path, Text(id="berisi karakter NUL", en="contains a NUL character")))
        characters, size = limits.get(f"{field.name}:characters"), limits.get(f"{field.name}:bytes")
        if characters is not None and len(value) > characters:
            violations.append(FieldViolation(path, _text_at_most(characters, "karakter", "characters")))
        elif size is not None and len(value) > size // 4 and len(value.encode()) > size:
            violations.append(FieldViolation(path, _text_at_most(size, "bita", "bytes")))
    elif field.type == FieldDescriptor.TYPE_BYTES:
        size = limits.get(f"{field.name}:bytes")
        if size is not None and len(value) > size:
            violations.append(FieldViolation(path, _text_at_most(size, "bita", "bytes")))


def _text_at_most(most: int, unit_id: str, unit_en: str) -> Text:
    return Text(id=f"paling banyak {most} {unit_id}", en=f"must be at most {most} {unit_en}")


def _too_large(violations: list[FieldViolation]) -> DomainError | None:
    """An oversized upload keeps its own reason, DOCUMENT_TOO_LARGE."""
    if any(v.field == "content" and "bytes" in v.text.en for v in violations):
        return invalid_fields(violations, Reason.DOCUMENT_TOO_LARGE)
    return None


def _check_field_mask(message: Any, path: str, violations: list[FieldViolation]) -> None:
    where = f"{path}.paths" if path else "paths"
    if len(message.paths) > FIELD_MASK_PATHS:
        violations.append(FieldViolation(where, _text_at_most(FIELD_MASK_PATHS, "butir", "items")))
    elif any(len(p) > FIELD_MASK_PATH_CHARACTERS or "\x00" in p for p in message.paths):
        violations.append(FieldViolation(where, _text_at_most(FIELD_MASK_PATH_CHARACTERS, "karakter", "characters")))


def _check_date(message: Any, path: str, violations: list[FieldViolation]) -> None:
    if (message.year or message.month or message.day) and message.year not in SANE_YEARS:
        violations.append(FieldViolation(path, _years_text()))


# google.type.Money's currency code carries no bound of its own: ISO 4217 codes are 3 letters.
MONEY_CURRENCY_CHARACTERS = 8


def _check_money(message: Any, path: str, violations: list[FieldViolation]) -> None:
    """Bounded like our own fields; amounts are whole units (salaries), so no nanos."""
    if len(message.currency_code) > MONEY_CURRENCY_CHARACTERS:
        violations.append(
            FieldViolation(f"{path}.currency_code", _text_at_most(MONEY_CURRENCY_CHARACTERS, "karakter", "characters"))
        )
    if message.nanos:
        violations.append(
            FieldViolation(f"{path}.nanos", Text(id="hanya satuan utuh, tanpa pecahan", en="whole units only"))
        )


def _check_timestamp(message: Any, path: str, violations: list[FieldViolation]) -> None:
    seconds_1900, seconds_2201 = -2_208_988_800, 7_289_654_400
    if not seconds_1900 <= message.seconds < seconds_2201 or not 0 <= message.nanos < 1_000_000_000:
        violations.append(FieldViolation(path, _years_text()))


def _years_text() -> Text:
    first, last = SANE_YEARS[0], SANE_YEARS[-1]
    return Text(id=f"harus antara tahun {first} dan {last}", en=f"must be between the years {first} and {last}")


_SPECIAL: dict[str, Callable[[Any, str, list[FieldViolation]], None]] = {
    "google.protobuf.FieldMask": _check_field_mask,
    "google.protobuf.Timestamp": _check_timestamp,
    "google.type.Date": _check_date,
    "google.type.Money": _check_money,
}


class MalformedLog:
    """One log line per client per interval for undecodable requests, never a traceback."""

    def __init__(self, interval: float = MALFORMED_LOG_INTERVAL_SECONDS) -> None:
        self._interval = interval
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}
        self._lock = threading.Lock()

    def note(self, method: str, peer: str) -> None:
        client = peer.rpartition(":")[0] or peer  # the address without the port
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(client, -self._interval) < self._interval:
                self._suppressed[client] = self._suppressed.get(client, 0) + 1
                return
            suppressed = self._suppressed.pop(client, 0)
            self._last[client] = now
            if len(self._last) > 10_000:
                self._last.clear()
        log.warning("malformed request to %s from %s (%d more suppressed)", method, client, suppressed)
