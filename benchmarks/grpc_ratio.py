"""Our RPCs against a bare grpcio server answering a no-op, in the same run.

The server is started as production runs it (`cpmi-matcher serve` on a SQLite
file loaded by `cpmi-matcher seed-synthetic`, 100,000 candidates) and pinned
to core 0, like the bare no-op server; the grpc.aio + uvloop closed-loop
generator (`benchmarks/aio_load.py`, 4 channels) runs on core 1 (`taskset`,
where the machine has it), so the figures differ only by what the server does
per call. Each call asks about another candidate × vacancy pair drawn from the
dataset. Rounds alternate between the targets and medians are reported: the
machine is shared and noisy. A sweep over calls in flight gives latency
against load for the chart.
"""

from __future__ import annotations

import json
import os
import random
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

import sqlalchemy as sa
from cpmi.matching.v1 import eligibility_pb2

from matcher.principal import Role
from server.security.tokens import issue_token
from server.storage import tables as t

IN_FLIGHT = 32
# Every scenario is measured at each of these (issue: the baseline at 32 and at 256).
IN_FLIGHTS = (IN_FLIGHT, 256)
SECONDS = 5.0
ROUNDS = 2
BATCH = 100
SWEEP = (1, 4, 16, 64)
SWEEP_SECONDS = 3.0
SECRET = "benchmark-only-secret-0123456789abcdef-0123456789"
SERVICE = "/cpmi.matching.v1.EligibilityService/"
NOOP_METHOD = "/bench.Noop/Call"
HEALTH_METHOD = "/grpc.health.v1.Health/Check"


def pinned(core: int, command: list[str]) -> list[str]:
    return ["taskset", "-c", str(core), *command] if shutil.which("taskset") else command


@contextmanager
def started(command: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[re.Match[str]]:
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=None if env is None else os.environ | env,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(ready, line)
            if found:
                yield found
                return
        raise RuntimeError(f"{command[0]} did not start")
    finally:
        process.terminate()
        process.wait(timeout=60)


def drive(
    target: str, method: str, payloads: Path | bytes, token: str, in_flight: int, seconds: float
) -> dict[str, Any]:
    payload = f"@{payloads}" if isinstance(payloads, Path) else payloads.hex()
    arguments = [target, method, payload, token, str(seconds), str(in_flight)]
    command = pinned(1, [sys.executable, "-m", "benchmarks.aio_load", "drive", *arguments])
    result: dict[str, Any] = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return result


def cli() -> str:
    return str(Path(sys.executable).parent / "cpmi-matcher")


def measure_grpc_ratio(
    candidates: int = 100_000, vacancies: int = 5_000
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Rows for the table and the JSON scenarios (with the load sweep under "sweep"): every
    scenario at each concurrency of IN_FLIGHTS, against the faster of the bare sync grpcio
    and the bare grpc.aio no-op server at that concurrency."""
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        seeding = [cli(), "seed-synthetic", "--candidates", str(candidates), "--vacancies", str(vacancies)]
        subprocess.run([*seeding, "--db", db], check=True, capture_output=True)
        calls = _requests(db, Path(tmp))
        serve = [cli(), "serve", "--port", "0", "--db", db, "--documents", f"{tmp}/docs"]
        token = issue_token(SECRET, Role.OPERATOR, "bench")
        noop_command = [sys.executable, "-m", "benchmarks.aio_load"]
        with (
            started(pinned(0, [*noop_command, "noop-server"]), r"port (\d+)") as noop,
            started(pinned(0, [*noop_command, "noop-aio-server"]), r"port (\d+)") as noop_aio,
            started(
                pinned(0, serve),
                r"serving on 127\.0\.0\.1:(\d+)",
                {"CPMI_JWT_SECRET": SECRET, "CPMI_RATE_PER_SECOND": "0"},
            ) as ours,
        ):
            ours_at = f"127.0.0.1:{ours.group(1)}"
            targets: dict[str, tuple[str, str, Path | bytes, str]] = {
                "noop": (f"127.0.0.1:{noop.group(1)}", NOOP_METHOD, b"", ""),
                "noop_aio": (f"127.0.0.1:{noop_aio.group(1)}", NOOP_METHOD, b"", ""),
                "health_check": (ours_at, HEALTH_METHOD, b"", ""),
            }
            for name, (method, requests) in calls.items():
                targets[name] = (ours_at, SERVICE + method, requests, token)
            runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
            for _ in range(ROUNDS):
                for in_flight in IN_FLIGHTS:
                    for name, (address, method, payloads, key) in targets.items():
                        measured = drive(address, method, payloads, key, in_flight, SECONDS)
                        runs.setdefault((name, in_flight), []).append(measured)
            sweep = {name: _sweep(*targets[name]) for name in ("noop", "check_eligibility")}
    scenarios: dict[str, Any] = {}
    for (name, in_flight), rounds in runs.items():
        scenarios[name if in_flight == IN_FLIGHT else f"{name}@{in_flight}"] = _median(rounds)
    for in_flight in IN_FLIGHTS:
        at = "" if in_flight == IN_FLIGHT else f"@{in_flight}"
        baseline = max((scenarios[f"noop{at}"], scenarios[f"noop_aio{at}"]), key=lambda f: f["rps"])
        scenarios[f"baseline{at}"] = baseline
        for name in ("health_check", *calls):
            figures = scenarios[f"{name}{at}"]
            figures["ratio_to_noop"] = figures["rps"] / baseline["rps"]
            figures["p99_ratio_to_noop"] = figures["p99_ms"] / baseline["p99_ms"]
    scenarios["batch_check_eligibility"]["decisions_per_s"] = scenarios["batch_check_eligibility"]["rps"] * BATCH
    return _rows(scenarios, candidates), {"scenarios": scenarios, "sweep": sweep}


def _sweep(target: str, method: str, payloads: Path | bytes, token: str) -> list[dict[str, Any]]:
    return [drive(target, method, payloads, token, n, SWEEP_SECONDS) | {"in_flight": n} for n in SWEEP]


def _requests(db: str, folder: Path) -> dict[str, tuple[str, Path]]:
    """Files of distinct requests (hex, one a line) per scenario, from the seeded data."""
    engine = sa.create_engine(db)
    with engine.connect() as conn:
        people = list(conn.scalars(sa.select(t.registrations.c.candidate_id).order_by(t.registrations.c.candidate_id)))
        jobs = list(conn.scalars(sa.select(t.vacancies.c.id).order_by(t.vacancies.c.id)))
    engine.dispose()
    rng = random.Random(9)

    def pair() -> eligibility_pb2.CheckEligibilityRequest:
        return eligibility_pb2.CheckEligibilityRequest(
            candidate=f"candidates/{rng.choice(people)}", vacancy=f"vacancies/{rng.choice(jobs)}"
        )

    made: dict[str, tuple[str, list[bytes]]] = {
        "check_eligibility": ("CheckEligibility", [pair().SerializeToString() for _ in range(20_000)]),
        "batch_check_eligibility": (
            "BatchCheckEligibility",
            [
                eligibility_pb2.BatchCheckEligibilityRequest(
                    requests=[pair() for _ in range(BATCH)]
                ).SerializeToString()
                for _ in range(500)
            ],
        ),
        "list_eligible_vacancies": (
            "ListEligibleVacancies",
            [
                eligibility_pb2.ListEligibleVacanciesRequest(candidate=f"candidates/{c}").SerializeToString()
                for c in rng.sample(people, 5_000)
            ],
        ),
        "list_eligible_candidates": (
            "ListEligibleCandidates",
            [
                eligibility_pb2.ListEligibleCandidatesRequest(
                    vacancy=f"vacancies/{v}", page_size=100
                ).SerializeToString()
                for v in rng.sample(jobs, min(len(jobs), 2_000))
            ],
        ),
    }
    files: dict[str, tuple[str, Path]] = {}
    for name, (method, payloads) in made.items():
        path = folder / f"{name}.hex"
        path.write_text("\n".join(p.hex() for p in payloads))
        files[name] = (method, path)
    return files


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        key: statistics.median(run[key] for run in runs)
        for key in ("rps", "p50_ms", "p99_ms", "errors", "generator_cpu")
    }


def _rows(scenarios: dict[str, dict[str, Any]], candidates: int) -> list[tuple[str, str]]:
    rows = []
    names = {
        "health_check": "the project's own health check",
        "check_eligibility": f"CheckEligibility, distinct pairs from {candidates:,} candidates",
        "batch_check_eligibility": f"BatchCheckEligibility, {BATCH} distinct pairs a call",
        "list_eligible_vacancies": "ListEligibleVacancies, first page of 50",
        "list_eligible_candidates": "ListEligibleCandidates, first page of 100",
    }
    for in_flight in IN_FLIGHTS:
        at = "" if in_flight == IN_FLIGHT else f"@{in_flight}"
        for kind, label in (("noop", "bare sync grpcio"), ("noop_aio", "bare grpc.aio + uvloop")):
            figures = scenarios[f"{kind}{at}"]
            rows.append(
                (
                    f"{label} no-op server, {in_flight} in flight, pinned: RPS / p50 / p99 [generator's CPU]",
                    f"{figures['rps']:,.0f} / {figures['p50_ms']:.2f} / {figures['p99_ms']:.2f} ms "
                    f"[{figures['generator_cpu']:.0%}]",
                )
            )
        for name, label in names.items():
            figures = scenarios[f"{name}{at}"]
            rows.append(
                (
                    f"{label}, {in_flight} in flight: RPS / p50 / p99 (÷ the faster no-op: throughput, p99)"
                    " [generator's CPU]",
                    f"{figures['rps']:,.0f} / {figures['p50_ms']:.2f} / {figures['p99_ms']:.2f} ms "
                    f"({figures['ratio_to_noop']:.2f}, {figures['p99_ratio_to_noop']:.2f}) "
                    f"[{figures['generator_cpu']:.0%}]",
                )
            )
    decisions = scenarios["batch_check_eligibility"]["decisions_per_s"]
    rows.append(("BatchCheckEligibility decisions/s, server on one core", f"{decisions:,.0f}"))
    return rows
