"""Middleware: cross-origin requests from browsers, for the allowed origins only."""

from __future__ import annotations

from typing import Any

from server.api.connect.asgi import ASGI, Receive, Send

# What a browser may send and read across origins (Connect, gRPC-Web and ours).
_ALLOWED_HEADERS = (
    "authorization, content-type, accept-language, connect-protocol-version, connect-timeout-ms, "
    "grpc-timeout, x-grpc-web, x-user-agent, traceparent"
)
_EXPOSED_HEADERS = "grpc-status, grpc-message, grpc-status-details-bin, cpmi-watch"


def with_cors(app: ASGI, origins: frozenset[str]) -> ASGI:
    """Answer browsers' preflight requests and mark responses for the allowed origins
    ("*" allows any; none given: same-origin only)."""

    async def serve(scope: dict[str, Any], receive: Receive, send: Send) -> None:
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
