"""Health checking, reflection, and a drain that says NOT_SERVING before it stops."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from matcher.clock import FixedClock
from server.app import start
from tests.conftest import NOW, make_settings


def health_of(target: str, service: str = "") -> int:
    with grpc.insecure_channel(target) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        return int(stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status)


def test_health_and_reflection(target: str) -> None:
    assert health_of(target) == health_pb2.HealthCheckResponse.SERVING
    assert health_of(target, "cpmi.matching.v1.RegistrationService") == health_pb2.HealthCheckResponse.SERVING
    with grpc.insecure_channel(target) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        replies = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5)
        names = {s.name for reply in replies for s in reply.list_services_response.service}
    assert {
        "cpmi.matching.v1.RegistrationService",
        "cpmi.matching.v1.DocumentService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
    } <= names


def test_reflection_v1_answers_at_its_own_path(target: str) -> None:
    """grpc.reflection.v1 (asked first by grpcurl and grpc-go) answers, not UNIMPLEMENTED: the
    messages are v1alpha's on the wire, sent to v1's method path."""
    with grpc.insecure_channel(target) as channel:
        call = channel.stream_stream(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
        )
        ask = reflection_pb2.ServerReflectionRequest(file_containing_symbol="cpmi.matching.v1.EligibilityService")
        replies = list(call(iter([ask]), timeout=5))
    assert replies[0].file_descriptor_response.file_descriptor_proto


def test_stop_goes_not_serving_before_refusing_calls(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.drain_seconds = 1.0
    app = start(settings, FixedClock(NOW))
    target = f"127.0.0.1:{app.port}"
    assert health_of(target) == health_pb2.HealthCheckResponse.SERVING
    import threading

    stopper = threading.Thread(target=app.stop)
    stopper.start()
    time.sleep(0.3)
    assert health_of(target) == health_pb2.HealthCheckResponse.NOT_SERVING
    stopper.join()


def test_serve_demo_answers_a_health_check(tmp_path: Path) -> None:
    """What `make serve` runs: the console script with demo data on an embedded database."""
    command = [
        str(Path(sys.executable).parent / "cpmi-matcher"),
        "serve",
        "--demo",
        "--port",
        "0",
        "--db",
        f"sqlite:///{tmp_path / 'demo.db'}",
        "--documents",
        str(tmp_path / "docs"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            found = re.search(r"serving on 127\.0\.0\.1:(\d+)", line)
            if found:
                break
        assert found, "".join(lines)
        assert any(line.strip().startswith("dinas") for line in lines), "demo tokens are printed"
        assert health_of(f"127.0.0.1:{found.group(1)}") == health_pb2.HealthCheckResponse.SERVING
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0


def test_a_database_that_went_away_is_unavailable_not_internal(tmp_path: Path) -> None:
    """The store disappears under a running server: callers get UNAVAILABLE (which the
    client retries), never a stack trace."""
    from cpmi_client import Client, Retry, Unavailable

    from matcher.principal import Role
    from server.security.tokens import issue_token
    from tests.conftest import SECRET

    app = start(make_settings(tmp_path), FixedClock(NOW))
    try:
        app.engine.dispose()
        for path in tmp_path.glob("cpmi.db*"):
            path.unlink()
        (tmp_path / "cpmi.db").mkdir()  # now not even openable as a file
        token = issue_token(SECRET, Role.CANDIDATE, "someone")
        with Client(f"127.0.0.1:{app.port}", token, retry=Retry(attempts=2, initial_backoff=0.01)) as client:
            try:
                client.get_registration("someone")
            except Unavailable as error:
                assert error.reason == "UNAVAILABLE"
            else:
                raise AssertionError("expected UNAVAILABLE")
    finally:
        app.stop()


def test_a_replica_cut_from_its_database_says_so_instead_of_answering_stale(tmp_path: Path) -> None:
    """Index-backed answers come from memory: once the feed has not reached the database for
    the stale time, the replica goes NOT_SERVING and answers UNAVAILABLE REPLICA_STALE."""
    from cpmi_client import Client, Retry, Unavailable

    from matcher.principal import Role
    from server.security.tokens import issue_token
    from tests.conftest import SECRET

    settings = make_settings(tmp_path)
    settings.stale_after_seconds, settings.feed_poll = 0.5, "0.05"
    app = start(settings, FixedClock(NOW))
    target = f"127.0.0.1:{app.port}"
    try:
        token = issue_token(SECRET, Role.OPERATOR, "ops")
        with Client(target, token, retry=Retry(attempts=1)) as client:
            assert health_of(target) == health_pb2.HealthCheckResponse.SERVING
            app.engine.dispose()
            for path in tmp_path.glob("cpmi.db*"):
                path.unlink()
            (tmp_path / "cpmi.db").mkdir()  # the database is gone
            deadline = time.monotonic() + 10
            while health_of(target) != health_pb2.HealthCheckResponse.NOT_SERVING:
                assert time.monotonic() < deadline, "the replica never said it was stale"
                time.sleep(0.05)
            try:
                client.check_eligibility("someone", "vacancies/any")
            except Unavailable as error:
                assert error.reason == "REPLICA_STALE"
            else:
                raise AssertionError("a stale replica answered from memory")
    finally:
        app.stop()
