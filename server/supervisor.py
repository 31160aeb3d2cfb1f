"""`serve --processes N`: N server processes on one port, each a full replica.

The parent migrates the schema once, picks the port (a free one for port 0),
then starts N children of `cpmi-matcher serve` on it; the kernel spreads
connections among them (SO_REUSEPORT; one client channel is one connection,
so clients and load balancers need several). The children follow the change
feed like replicas on other machines. A child that dies is started again
after a short backoff; SIGTERM or SIGINT is passed to every child, which drain
as a single server does, and the parent exits when they have.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("cpmi.supervisor")

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
