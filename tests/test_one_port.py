"""One port, one server: a second `serve` on a port a live server holds is refused (exit 2,
one line on stderr), for the gRPC, Connect and metrics ports; the children of one
`--processes 2` still share theirs; a server killed with SIGKILL does not block its restart."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cluster import _drain_output, free_port, serving, until
from tests.conftest import SECRET

ENV = dict(os.environ, CPMI_JWT_SECRET=SECRET, CPMI_DRAIN_SECONDS="0.2", CPMI_GRACE_SECONDS="1")


def serve(tmp_path: Path, *ports: str) -> list[str]:
    cli = str(Path(sys.executable).parent / "cpmi-matcher")
    database, documents = f"sqlite:///{tmp_path / 'db.sqlite'}", str(tmp_path / "docs")
    return [cli, "serve", "--db", database, "--documents", documents, *ports]


def started(command: list[str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
    _drain_output(process, [])
    return process


def refused(command: list[str]) -> str:
    """The stderr of a serve that must exit 2 at once."""
    run = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=60)
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    return run.stderr.strip()


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def ports() -> dict[str, int]:
    return {"grpc": free_port(), "connect": free_port(), "metrics": free_port()}


@pytest.fixture
def first(tmp_path: Path, ports: dict[str, int]) -> Iterator[subprocess.Popen[str]]:
    process = started(
        serve(
            tmp_path,
            *("--port", str(ports["grpc"]), "--connect-port", str(ports["connect"])),
            *("--metrics-port", str(ports["metrics"])),
        )
    )
    until(lambda: serving(f"127.0.0.1:{ports['grpc']}"), timeout=60, step=0.1)
    yield process
    stop(process)


@pytest.mark.timeout(240)
def test_a_second_serve_is_refused_on_each_port(
    tmp_path: Path, ports: dict[str, int], first: subprocess.Popen[str]
) -> None:
    other = tmp_path / "other"
    grpc_taken = refused(serve(other, "--port", str(ports["grpc"])))
    connect_taken = refused(serve(other, "--port", str(free_port()), "--connect-port", str(ports["connect"])))
    metrics_taken = refused(serve(other, "--port", str(free_port()), "--metrics-port", str(ports["metrics"])))
    for line, what, port in (
        (grpc_taken, "gRPC", ports["grpc"]),
        (connect_taken, "Connect", ports["connect"]),
        (metrics_taken, "metrics", ports["metrics"]),
    ):
        assert len(line.splitlines()) == 1, line
        assert f"the {what} port 127.0.0.1:{port} is already in use" in line, line
    assert first.poll() is None and serving(f"127.0.0.1:{ports['grpc']}"), "the first one serves on"


def _live(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@pytest.mark.timeout(240)
def test_a_server_killed_with_sigkill_restarts_on_its_ports(
    tmp_path: Path, ports: dict[str, int], first: subprocess.Popen[str]
) -> None:
    for _ in range(5):  # connections that leave sockets behind when the server dies
        assert serving(f"127.0.0.1:{ports['grpc']}")
    until(lambda: _live(ports["metrics"]), timeout=30, step=0.1)  # the metrics port opens after gRPC's
    first.kill()
    first.wait()
    again = started(
        serve(
            tmp_path,
            *("--port", str(ports["grpc"]), "--connect-port", str(ports["connect"])),
            *("--metrics-port", str(ports["metrics"])),
        )
    )
    try:
        until(lambda: serving(f"127.0.0.1:{ports['grpc']}"), timeout=60, step=0.1)
        assert again.poll() is None
    finally:
        stop(again)


@pytest.mark.timeout(240)
def test_the_children_of_one_supervisor_share_the_port_and_a_stranger_is_refused(tmp_path: Path) -> None:
    port, connect = free_port(), free_port()
    parent = subprocess.Popen(
        serve(tmp_path, "--processes", "2", "--port", str(port), "--connect-port", str(connect)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
    )
    try:
        assert parent.stdout is not None
        for line in parent.stdout:
            if re.search(rf"server processes on 127\.0\.0\.1:{port}", line):
                break
        _drain_output(parent, [])
        until(lambda: serving(f"127.0.0.1:{port}"), timeout=60, step=0.1)
        for _ in range(10):  # each channel a new connection, spread over both children
            assert serving(f"127.0.0.1:{port}")
        assert "gRPC port" in refused(serve(tmp_path / "stranger", "--port", str(port)))
        assert parent.poll() is None
    finally:
        stop(parent)
