"""CheckEligibility against a no-op RPC (the health check) on one server, same run.

The server runs in its own process (`cpmi-matcher serve --demo`) so the load
generator here does not share its GIL; both calls go through the same channel
and the same closed loop, so the ratio isolates what our code costs per call.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import grpc
from cpmi.matching.v1 import eligibility_pb2, eligibility_pb2_grpc, vacancy_pb2, vacancy_pb2_grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from server import demo

IN_FLIGHT = 16
SECONDS = 4.0


def closed_loop(call: Callable[[], object]) -> tuple[float, float]:
    """(calls per second, p99 latency in ms) with IN_FLIGHT callers for SECONDS."""
    samples: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + SECONDS

    def worker() -> None:
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            call()
            mine.append(time.perf_counter() - started)
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(IN_FLIGHT)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    samples.sort()
    return len(samples) / elapsed, samples[int(len(samples) * 0.99) - 1] * 1000


def measure_grpc_ratio() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            str(Path(sys.executable).parent / "cpmi-matcher"),
            "serve",
            "--demo",
            "--port",
            "0",
            "--db",
            f"sqlite:///{tmp}/bench.db",
            "--documents",
            f"{tmp}/docs",
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port, token = _read_start(process)
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                health = health_pb2_grpc.HealthStub(channel)
                eligibility = eligibility_pb2_grpc.EligibilityServiceStub(channel)
                metadata = (("authorization", f"Bearer {token}"),)
                listing = vacancy_pb2_grpc.VacancyServiceStub(channel).ListVacancies(
                    vacancy_pb2.ListVacanciesRequest(country_code="HK"), metadata=metadata, timeout=10
                )
                vacancy = listing.vacancies[0].name
                request = eligibility_pb2.CheckEligibilityRequest(
                    candidate=f"candidates/{demo.VERIFIED_CANDIDATE}", vacancy=vacancy
                )

                def check() -> eligibility_pb2.EligibilityDecision:
                    return eligibility.CheckEligibility(request, metadata=metadata, timeout=10)

                def noop() -> health_pb2.HealthCheckResponse:
                    return health.Check(health_pb2.HealthCheckRequest(), timeout=10)

                assert check().eligible
                closed_loop(noop)  # warm up
                base_rps, base_p99 = closed_loop(noop)
                check_rps, check_p99 = closed_loop(check)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return [
        (f"no-op RPC (health check), {IN_FLIGHT} in flight: RPS / p99", f"{base_rps:,.0f} / {base_p99:.2f} ms"),
        ("CheckEligibility (durable-rules), same run: RPS / p99", f"{check_rps:,.0f} / {check_p99:.2f} ms"),
        ("CheckEligibility ÷ no-op: throughput / p99", f"{check_rps / base_rps:.2f} / {check_p99 / base_p99:.2f}"),
    ]


def _read_start(process: subprocess.Popen[str]) -> tuple[int, str]:
    assert process.stdout is not None
    token = ""
    for line in process.stdout:
        if line.strip().startswith("operator"):
            token = line.split()[-1]
        found = re.search(r"serving on 127\.0\.0\.1:(\d+)", line)
        if found:
            return int(found.group(1)), token
    raise RuntimeError("the server did not start")
