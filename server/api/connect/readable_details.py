"""Middleware: Connect error JSON with each detail also as JSON, for pages that call with
``fetch``."""

from __future__ import annotations

import base64
import json
from typing import Any

from google.protobuf import json_format, symbol_database

from server.api.connect.asgi import ASGI, Receive, Send


def with_readable_details(app: ASGI) -> ASGI:
    """Connect error JSON with each detail also as JSON (its ``debug`` member), so a page
    calling with ``fetch`` reads ``details[0].debug.reason`` without decoding protobuf."""

    async def serve(scope: dict[str, Any], receive: Receive, send: Send) -> None:
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
