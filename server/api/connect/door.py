"""uvicorn's lifecycle for the door: the layers of the ASGI app put together, served on a
socket of its own on the gRPC server's loop, and stopped."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from server.api.connect.asgi import ASGI
from server.api.connect.cors import with_cors
from server.api.connect.endpoints import DoorApplication, Handlers
from server.api.connect.page import with_page
from server.api.connect.readable_details import with_readable_details


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
        # Layers from the inside out: the RPCs, their errors made readable, CORS, the page.
        app: ASGI = with_readable_details(DoorApplication(handlers, read_max_bytes))
        app = with_page(with_cors(app, cors_origins), page, identities)
        if traced is not None:
            app = traced(app)
        config = uvicorn.Config(
            app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=1, **_tls_options(tls)
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


def _tls_options(tls: tuple[str, str, str] | None) -> dict[str, Any]:
    """uvicorn's TLS settings for (certificate, key, client CA); a client CA requires
    client certificates."""
    if tls is None:
        return {}
    cert, key, client_ca = tls
    options: dict[str, Any] = {"ssl_certfile": cert, "ssl_keyfile": key}
    if client_ca:
        options |= {"ssl_ca_certs": client_ca, "ssl_cert_reqs": ssl.CERT_REQUIRED}
    return options
