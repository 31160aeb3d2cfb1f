"""The browser's and integrator's door: Connect (JSON or binary over HTTP/1.1 or 2) and
gRPC-Web, on their own port, served by the ``connectrpc`` package as an ASGI app under
uvicorn, on the same event loop as the grpc.aio server.

No RPC is implemented twice. Each path is answered by the very method handler the
gRPC server runs, the one ``server.api.edge`` guards: the door hands it the request's
protobuf bytes and a stand-in for the gRPC call context (metadata from the HTTP
headers, the peer, abort), so parsing and field bounds, authentication, role checks,
rate limits, metrics, the access log and the audit trail are the gRPC ones. An abort
becomes a Connect error with the same code, message and details (``ErrorInfo`` and
its reason, ``LocalizedMessage``, ``BadRequest``, ``RetryInfo``...).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import grpc
import uvicorn
from connectrpc.code import Code
from connectrpc.codec import Codec
from connectrpc.errors import ConnectError, ErrorDetail
from connectrpc.method import IdempotencyLevel, MethodInfo, StreamType
from connectrpc.request import RequestContext
from connectrpc.server import ConnectASGIApplication, Endpoint
from google.protobuf import descriptor_pool, json_format, message_factory, symbol_database
from google.protobuf.message import Message
from google.rpc import status_pb2
from protobuf.wkt import Any as WireAny

from matcher.errors import InvalidArgument, Reason
from matcher.text import Text
from server.api.errors import to_status

log = logging.getLogger("cpmi.connect")

ASGI = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]
# What a browser may send and read across origins (Connect, gRPC-Web and ours).
_ALLOWED_HEADERS = (
    "authorization, content-type, accept-language, connect-protocol-version, connect-timeout-ms, "
    "grpc-timeout, x-grpc-web, x-user-agent, traceparent"
)
_EXPOSED_HEADERS = "grpc-status, grpc-message, grpc-status-details-bin, cpmi-watch"


class _Aborted(grpc.aio.AbortError):
    """How the stand-in context ends a call: the handler's error handling lets an
    AbortError through untouched, and the endpoint turns it into the Connect error."""

    def __init__(self, error: ConnectError) -> None:
        super().__init__(error.message)
        self.error = error


class DoorContext:
    """The part of ``grpc.aio.ServicerContext`` the handlers use, over an HTTP request."""

    def __init__(self, ctx: RequestContext[Any, Any]) -> None:
        self._ctx = ctx
        self._code: grpc.StatusCode | None = None
        self._metadata = tuple((key.lower(), value) for key, value in ctx.request_headers.items())

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata

    def peer(self) -> str:
        return f"http:{self._ctx.client_address or 'unknown'}"

    def code(self) -> grpc.StatusCode | None:
        return self._code

    async def send_initial_metadata(self, metadata: Iterable[tuple[str, str]]) -> None:
        for key, value in metadata:
            self._ctx.response_headers[key] = value

    async def abort(
        self, code: grpc.StatusCode, details: str = "", trailing_metadata: tuple[tuple[str, Any], ...] = ()
    ) -> NoReturn:
        self._code = code
        raise _Aborted(connect_error(code, details, trailing_metadata))


def connect_error(code: grpc.StatusCode, details: str, trailing_metadata: Iterable[tuple[str, Any]]) -> ConnectError:
    """The Connect error for a gRPC status: the same code, message and rich details."""
    packed = dict(trailing_metadata).get("grpc-status-details-bin")
    status = status_pb2.Status.FromString(packed) if isinstance(packed, bytes) else status_pb2.Status()
    wire = [ErrorDetail(WireAny(type_url=d.type_url, value=d.value)) for d in status.details]
    return ConnectError(Code[code.name], details or status.message, wire)


class _RawBinary(Codec[Any, Any]):
    """Binary protobuf as it came: the guarded handler parses and bounds it, as for gRPC."""

    def name(self) -> str:
        return "proto"

    def encode(self, message: Message) -> bytes:
        return message.SerializeToString()

    def decode(self, data: bytes | bytearray, message_class: type[Any]) -> bytes:
        return bytes(data)


class _StrictJson(Codec[Any, Any]):
    """Proto3 JSON in (an unknown field is a mistake, named) and out (lowerCamelCase)."""

    def name(self) -> str:
        return "json"

    def encode(self, message: Message) -> bytes:
        return json_format.MessageToJson(message, indent=None).encode()

    def decode(self, data: bytes | bytearray, message_class: type[Any]) -> bytes:
        message = message_class()
        try:
            json_format.Parse(bytes(data) or b"{}", message)
        except (json_format.ParseError, UnicodeDecodeError, ValueError) as error:
            text = Text(
                id="Isi permintaan bukan JSON yang valid untuk metode ini",
                en=f"The request is not valid JSON for this method: {str(error)[:200]}",
            )
            status = to_status(InvalidArgument(Reason.MALFORMED_REQUEST, text))
            raise connect_error(status.code, status.details, status.trailing_metadata) from None
        return message.SerializeToString()  # type: ignore[no-any-return]


Handlers = Mapping[str, "grpc.RpcMethodHandler[Any, Any]"]


def _unary(
    handler: grpc.RpcMethodHandler[Any, Any], output: type[Message]
) -> Callable[[bytes, RequestContext[Any, Any]], Awaitable[Any]]:
    behaviour: Any = handler.unary_unary  # grpc.aio's: (bytes, context) -> awaitable

    async def call(raw: bytes, ctx: RequestContext[Any, Any]) -> Any:
        try:
            return _message(await behaviour(raw, DoorContext(ctx)), output)
        except _Aborted as aborted:
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
        except _Aborted as aborted:
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


class _DoorApplication(ConnectASGIApplication[object]):
    def __init__(self, handlers: Handlers, read_max_bytes: int) -> None:
        routes = endpoints(handlers)
        super().__init__(
            service=object(),
            endpoints=lambda _: routes,
            read_max_bytes=read_max_bytes,
            codecs=[_RawBinary(), _StrictJson()],
        )

    @property
    def path(self) -> str:
        return "/"


def with_readable_details(app: ASGI) -> ASGI:
    """Connect error JSON with each detail also as JSON (its ``debug`` member), so a page
    calling with ``fetch`` reads ``details[0].debug.reason`` without decoding protobuf."""

    async def serve(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]], send: Any) -> None:
        started: dict[str, Any] | None = None
        body = bytearray()

        async def rewritten(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", ()))
                if message["status"] >= 400 and headers.get(b"content-type", b"").startswith(b"application/json"):
                    started = message
                    return
            elif started is not None and message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                readable = _with_debug(bytes(body))
                kept = [(k, v) for k, v in started.get("headers", ()) if k.lower() != b"content-length"]
                length = (b"content-length", str(len(readable)).encode())
                await send({**started, "headers": [*kept, length]})
                message = {"type": "http.response.body", "body": readable}
            await send(message)

        await app(scope, receive, rewritten)

    return serve


def _with_debug(body: bytes) -> bytes:
    try:
        error = json.loads(body)
        for detail in error.get("details", ()):
            kind = symbol_database.Default().GetSymbol(detail["type"])
            decoded = kind.FromString(base64.b64decode(detail["value"] + "=" * (-len(detail["value"]) % 4)))
            detail.setdefault("debug", json_format.MessageToDict(decoded))
    except (ValueError, KeyError, TypeError, AttributeError):
        return body  # not ours to improve
    return json.dumps(error, ensure_ascii=False).encode()


def with_cors(app: ASGI, origins: frozenset[str]) -> ASGI:
    """Answer browsers' preflight requests and mark responses for the allowed origins
    ("*" allows any; none given: same-origin only)."""

    async def serve(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]], send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        origin = dict(scope.get("headers", ())).get(b"origin", b"").decode("latin-1")
        allowed = bool(origin) and ("*" in origins or origin in origins)
        cors = [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-expose-headers", _EXPOSED_HEADERS.encode()),
            (b"vary", b"origin"),
        ]
        if scope["method"] == "OPTIONS":
            headers = [(b"content-length", b"0")]
            if allowed:
                headers += [
                    *cors,
                    (b"access-control-allow-methods", b"POST, GET"),
                    (b"access-control-allow-headers", _ALLOWED_HEADERS.encode()),
                    (b"access-control-max-age", b"7200"),
                ]
            await send({"type": "http.response.start", "status": 204 if allowed else 403, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def marked(message: dict[str, Any]) -> None:
            if allowed and message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *cors]}
            await send(message)

        await app(scope, receive, marked)

    return serve


# The portal (clients/web) and the files it loads, by path.
PAGE_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("dist/app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("dist/app.css", "text/css; charset=utf-8"),
}


def with_page(app: ASGI, folder: Path | None, identities: Callable[[], list[dict[str, str]]] | None) -> ASGI:
    """GET of the portal and its files from ``folder`` (none: no page), and in
    demo mode ``/demo-identities.json`` (the demo's people and their tokens, signed with the
    demo key only, read afresh each time); every other request goes to the door's RPCs."""
    files = {path: (folder / name, kind) for path, (name, kind) in PAGE_FILES.items()} if folder else {}

    async def serve(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]], send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or (path not in files and path != DEMO_PATH):
            await app(scope, receive, send)
            return
        if path == DEMO_PATH:
            listed = identities() if identities is not None else []
            await _answer(send, 200 if listed else 404, json.dumps(listed).encode(), "application/json")
            return
        found, kind = files[path]
        try:
            body = found.read_bytes()
        except OSError:
            await _answer(send, 404, b"not built: make web", "text/plain; charset=utf-8")
            return
        await _answer(send, 200, body, kind)

    return serve


DEMO_PATH = "/demo-identities.json"


async def _answer(send: Any, status: int, body: bytes, kind: str) -> None:
    headers = [(b"content-type", kind.encode()), (b"content-length", str(len(body)).encode())]
    headers.append((b"cache-control", b"no-cache"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ConnectDoor:
    """uvicorn serving the door on a socket it is given, on the gRPC server's loop."""

    def __init__(
        self,
        handlers: Handlers,
        *,
        read_max_bytes: int,
        cors_origins: frozenset[str] = frozenset(),
        tls: tuple[str, str, str] | None = None,
        traced: Callable[[ASGI], ASGI] | None = None,
        page: Path | None = None,
        identities: Callable[[], list[dict[str, str]]] | None = None,
    ) -> None:
        """``traced`` wraps the app in the tracing's spans when tracing is on; ``page`` is the
        folder of the portal, ``identities`` reads the demo's people."""
        app = with_cors(with_readable_details(_DoorApplication(handlers, read_max_bytes)), cors_origins)
        app = with_page(app, page, identities)
        if traced is not None:
            app = traced(app)
        options: dict[str, Any] = {}
        if tls is not None:
            cert, key, client_ca = tls
            options = {"ssl_certfile": cert, "ssl_keyfile": key}
            if client_ca:
                import ssl

                options |= {"ssl_ca_certs": client_ca, "ssl_cert_reqs": ssl.CERT_REQUIRED}
        config = uvicorn.Config(
            app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=1, **options
        )
        self._server = uvicorn.Server(config)
        self._serving: asyncio.Task[None] | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen on ``host:port`` (0: any free port; shared with sibling processes) and
        return the port."""
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        with contextlib.suppress(AttributeError, OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(1024)
        sock.setblocking(False)
        self._serving = asyncio.get_running_loop().create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._serving.done():
                self._serving.result()  # raises what stopped it
            await asyncio.sleep(0.01)
        return int(sock.getsockname()[1])

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._serving is not None:
            await self._serving
