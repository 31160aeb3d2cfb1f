"""One port, one server: a `serve` refuses to start when a live process that is not one of its
own supervisor's children already listens on its gRPC, Connect or metrics port.

gRPC's core binds with SO_REUSEPORT (so do the Connect door and `--processes N`): a second,
forgotten server on the same port would start silently and take half of the calls. The check
binds a plain socket (SO_REUSEADDR, no SO_REUSEPORT) to each port and lets it go: that fails
only while some socket *listens* there (a killed server's TIME_WAIT leftovers do not count,
so a restart after kill -9 starts). The supervisor of `--processes N` checks once, before its
children exist; a child skips the check when its parent is the supervisor that named itself
in ``CPMI_SUPERVISOR_PID`` (an inherited marker that means nothing to any other process).
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterable

SUPERVISOR_ENV = "CPMI_SUPERVISOR_PID"


def held_by_my_supervisor() -> bool:
    """Whether this process is a child of the `--processes N` supervisor that checked its ports."""
    return os.environ.get(SUPERVISOR_ENV, "") == str(os.getppid())


def listened_on(host: str, port: int) -> bool:
    """Whether a live socket listens on ``host:port`` now (errors other than "in use" are left
    for the real bind to report)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        return False
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as refused:
            return refused.errno == errno.EADDRINUSE
    return False


def port_refusal(host: str, ports: Iterable[tuple[str, int | None]]) -> str | None:
    """The one line that refuses the start, naming the first port (of ``(what, port)``, None
    and 0 not checked) some other live process listens on; None when all are free."""
    for what, port in ports:
        if port and listened_on(host, port):
            return (
                f"cpmi-matcher: {what} port {host}:{port} sudah dipakai proses lain; hentikan dulu server itu "
                f"/ the {what} port {host}:{port} is already in use by another live process; stop that server "
                "first (the children of one `serve --processes N` share their ports, no other server does)"
            )
    return None
