"""CheckEligibility against a bare grpcio server answering a no-op, in the same run.

Both servers run on core 0 and the grpc.aio + uvloop closed-loop generator
(`benchmarks/aio_load.py`, 32 calls in flight over 4 channels) on core 1
(`taskset`, where the machine has it), so the two figures differ only by what
the server does per call. Rounds alternate between the two targets and the
medians are reported: the machine is shared and noisy.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc
from cpmi.matching.v1 import eligibility_pb2, vacancy_pb2, vacancy_pb2_grpc

from server import demo

IN_FLIGHT = 32
SECONDS = 5.0
ROUNDS = 3
NOOP_METHOD = "/bench.Noop/Call"
CHECK_METHOD = "/cpmi.matching.v1.EligibilityService/CheckEligibility"


def pinned(core: int, command: list[str]) -> list[str]:
    return ["taskset", "-c", str(core), *command] if shutil.which("taskset") else command


@contextmanager
def started(command: list[str], ready: str) -> Iterator[tuple[re.Match[str], list[str]]]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        seen: list[str] = []
        for line in process.stdout:
            seen.append(line)
            found = re.search(ready, line)
            if found:
                yield found, seen
                return
        raise RuntimeError(f"{command[0]} did not start")
    finally:
        process.terminate()
        process.wait(timeout=30)


def drive(target: str, method: str, payload: bytes, token: str) -> dict[str, float]:
    arguments = [target, method, payload.hex(), token, str(SECONDS), str(IN_FLIGHT)]
    command = pinned(1, [sys.executable, "-m", "benchmarks.aio_load", "drive", *arguments])
    result: dict[str, float] = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return result


def measure_grpc_ratio() -> tuple[list[tuple[str, str]], dict[str, Any]]:
    noop_command = pinned(0, [sys.executable, "-m", "benchmarks.aio_load", "noop-server"])
    with tempfile.TemporaryDirectory() as tmp:
        serve = [str(Path(sys.executable).parent / "cpmi-matcher"), "serve", "--demo", "--port", "0"]
        serve += ["--db", f"sqlite:///{tmp}/bench.db", "--documents", f"{tmp}/docs"]
        with (
            started(noop_command, r"port (\d+)") as (noop, _),
            started(pinned(0, serve), r"serving on 127\.0\.0\.1:(\d+)") as (ours, lines),
        ):
            token = next(line.split()[-1] for line in lines if line.strip().startswith("operator"))
            target = f"127.0.0.1:{ours.group(1)}"
            payload = _check_request(target, token).SerializeToString()
            noops, checks = [], []
            for _ in range(ROUNDS):
                noops.append(drive(f"127.0.0.1:{noop.group(1)}", NOOP_METHOD, b"", ""))
                checks.append(drive(target, CHECK_METHOD, payload, token))
    noop_figures, check_figures = _median(noops), _median(checks)
    check_figures["ratio_to_noop"] = check_figures["rps"] / noop_figures["rps"]
    check_figures["p99_ratio_to_noop"] = check_figures["p99_ms"] / noop_figures["p99_ms"]
    rows = [
        (
            f"bare grpcio no-op server, aio+uvloop generator, {IN_FLIGHT} in flight, pinned: RPS / p99",
            f"{noop_figures['rps']:,.0f} / {noop_figures['p99_ms']:.2f} ms",
        ),
        (
            "CheckEligibility (durable-rules), same generator and core: RPS / p99",
            f"{check_figures['rps']:,.0f} / {check_figures['p99_ms']:.2f} ms",
        ),
        (
            "CheckEligibility ÷ no-op: throughput / p99",
            f"{check_figures['ratio_to_noop']:.2f} / {check_figures['p99_ratio_to_noop']:.2f}",
        ),
    ]
    return rows, {"noop": noop_figures, "check_eligibility": check_figures}


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50_ms", "p99_ms", "errors")}


def _check_request(target: str, token: str) -> eligibility_pb2.CheckEligibilityRequest:
    metadata = (("authorization", f"Bearer {token}"),)
    with grpc.insecure_channel(target) as channel:
        listing = vacancy_pb2_grpc.VacancyServiceStub(channel).ListVacancies(
            vacancy_pb2.ListVacanciesRequest(country_code="HK"), metadata=metadata, timeout=10
        )
    return eligibility_pb2.CheckEligibilityRequest(
        candidate=f"candidates/{demo.VERIFIED_CANDIDATE}", vacancy=listing.vacancies[0].name
    )
