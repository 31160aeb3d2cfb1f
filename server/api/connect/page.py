"""Page serving: the portal (clients/web) and, in demo mode, the demo's people, on the
door's port; every other request goes on to the RPCs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from server.api.connect.asgi import ASGI, Receive, Send

# The portal (clients/web) and the files it loads, by path.
PAGE_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("dist/app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("dist/app.css", "text/css; charset=utf-8"),
}
DEMO_PATH = "/demo-identities.json"


def with_page(app: ASGI, folder: Path | None, identities: Callable[[], list[dict[str, str]]] | None) -> ASGI:
    """GET (and HEAD: the same status and headers, no body) of the portal and its files from ``folder`` (none: no page), and in
    demo mode ``/demo-identities.json`` (the demo's people and their tokens, signed with the
    demo key only, read afresh each time); every other request goes to the door's RPCs."""
    files = {path: (folder / name, kind) for path, (name, kind) in PAGE_FILES.items()} if folder else {}

    async def serve(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        head = scope.get("method") == "HEAD"
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or (path not in files and path != DEMO_PATH)
        ):
            await app(scope, receive, send)
            return
        if path == DEMO_PATH:
            listed = identities() if identities is not None else []
            await _answer(send, 200 if listed else 404, json.dumps(listed).encode(), "application/json", head)
            return
        found, kind = files[path]
        try:
            body = found.read_bytes()
        except OSError:
            await _answer(send, 404, b"not built: make web", "text/plain; charset=utf-8", head)
            return
        await _answer(send, 200, body, kind, head)

    return serve


async def _answer(send: Send, status: int, body: bytes, kind: str, head: bool = False) -> None:
    """The answer; to a HEAD, its status and headers (content-length of the body a GET gets)."""
    headers = [(b"content-type", kind.encode()), (b"content-length", str(len(body)).encode())]
    headers.append((b"cache-control", b"no-cache"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
