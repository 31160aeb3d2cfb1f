"""`serve --processes N`: N replicas on one port, a dead one restarted, all drained on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.cluster import _drain_output, serving, until
from tests.conftest import SECRET


def serve_command(tmp_path: Path, processes: str) -> list[str]:
    cli = str(Path(sys.executable).parent / "cpmi-matcher")
    database, documents = f"sqlite:///{tmp_path / 'db.sqlite'}", str(tmp_path / "docs")
    return [cli, "serve", "--processes", processes, "--port", "0", "--db", database, "--documents", documents]


def children(parent: int) -> list[int]:
    """The live server processes of ``parent`` (a killed one is a zombie until reaped)."""
    found = []
    for child in psutil.Process(parent).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "cpmi-matcher" in " ".join(child.cmdline()):
                found.append(child.pid)
        except psutil.Error:
            continue
    return sorted(found)


@pytest.mark.timeout(120)
def test_two_processes_serve_one_port_restart_and_drain(tmp_path: Path) -> None:
    command = serve_command(tmp_path, "2")
    env = dict(os.environ, CPMI_JWT_SECRET=SECRET, CPMI_DRAIN_SECONDS="0.2", CPMI_GRACE_SECONDS="1")
    env["CPMI_RATE_PER_SECOND"] = "0"
    parent = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert parent.stdout is not None
        port = ""
        for line in parent.stdout:
            found = re.search(r"server processes on 127\.0\.0\.1:(\d+)", line)
            if found:
                port = found.group(1)
                break
        assert port
        _drain_output(parent, [])  # keep reading, or the children block writing their logs
        target = f"127.0.0.1:{port}"
        until(lambda: len(children(parent.pid)) == 2 and serving(target), timeout=30, step=0.1)
        first = children(parent.pid)
        for _ in range(20):  # each new channel is a new connection, spread over the processes
            assert serving(target)
        os.kill(first[0], signal.SIGKILL)
        until(lambda: len(children(parent.pid)) == 2 and first[0] not in children(parent.pid), timeout=30, step=0.1)
        until(lambda: serving(target), timeout=30, step=0.1)
        survivors = children(parent.pid)
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=15) == 0
        time.sleep(0.2)
        assert not any(
            psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in survivors
        )
    finally:
        if parent.poll() is None:
            parent.kill()


@pytest.mark.timeout(120)
def test_auto_runs_one_process_per_core_this_server_may_use(tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    if cores < 2:
        pytest.skip("one core: auto is one process, as without --processes")
    command = serve_command(tmp_path, "auto")
    env = dict(os.environ, CPMI_JWT_SECRET=SECRET, CPMI_DRAIN_SECONDS="0", CPMI_GRACE_SECONDS="1")
    parent = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert parent.stdout is not None
        first = parent.stdout.readline()
        while "supervising" not in first and first:
            first = parent.stdout.readline()
        assert re.search(rf"supervising {cores} server processes", first), first
        _drain_output(parent, [])
        until(lambda: len(children(parent.pid)) == cores, timeout=30, step=0.1)
    finally:
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=30)
