"""`serve --processes N`: N server processes on one port, each a full replica.

The parent migrates the schema once, picks the port (a free one for port 0),
then starts N children of `cpmi-matcher serve` on it; the kernel spreads
connections among them (SO_REUSEPORT; one client channel is one connection,
so clients and load balancers need several). The children follow the change
feed like replicas on other machines. A child that dies is started again
after a short backoff; SIGTERM or SIGINT is passed to every child, which drain
as a single server does, and the parent exits when they have.

One port, one server: a `serve` refuses to start when a live process that is not one of its
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
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

log = logging.getLogger("cpmi.supervisor")

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


RESTART_BACKOFF_SECONDS = 1.0
POLL_SECONDS = 0.1


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class Supervisor:
    def __init__(
        self,
        count: int,
        child_args: Sequence[str],
        first_child_args: Sequence[str],
        stop_after: float,
        env: dict[str, str],
        metrics_port: int | None = None,
    ) -> None:
        self._count = count
        self._env = env
        self._metrics_port = metrics_port
        self._args = list(child_args)
        self._first_args = list(first_child_args)
        self._stop_after = stop_after
        self._children: list[subprocess.Popen[bytes] | None] = [None] * count
        self._restarts = 0

    def run(self, stop_requested: list[int]) -> int:
        """Keep N children alive until a signal arrives, then drain them all; the exit code."""
        for slot in range(self._count):
            self._spawn(slot)
        while not stop_requested:
            for slot, child in enumerate(self._children):
                if child is not None and child.poll() is not None and not stop_requested:
                    log.warning(
                        "server process %d (pid %d) exited with %s; restarting", slot, child.pid, child.returncode
                    )
                    time.sleep(RESTART_BACKOFF_SECONDS)
                    self._restarts += 1
                    self._spawn(slot)
            time.sleep(POLL_SECONDS)
        return self._drain()

    def _spawn(self, slot: int) -> None:
        args = self._first_args if slot == 0 else self._args
        env = dict(os.environ, **self._env, CPMI_PROCESSES="1", CPMI_SKIP_MIGRATIONS="1")
        if self._metrics_port is not None:  # process N serves its metrics on the given port + N
            env["CPMI_METRICS_PORT"] = str(self._metrics_port + slot if self._metrics_port else 0)
        command = [str(Path(sys.executable).parent / "cpmi-matcher"), *args]
        # Its own session: a terminal's Ctrl-C reaches the parent only, which passes on one SIGTERM
        # (a child receiving both would take the second as "exit at once").
        self._children[slot] = subprocess.Popen(command, env=env, start_new_session=True)

    def _drain(self) -> int:
        for child in self._children:
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self._stop_after
        codes = []
        for child in self._children:
            if child is None:
                continue
            try:
                codes.append(child.wait(timeout=max(0.1, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                child.kill()
                codes.append(child.wait())
        # -SIGTERM: a child still starting (before it could handle signals) had nothing to drain.
        return 0 if all(code in (0, -signal.SIGTERM) for code in codes) else 1
