"""``make bench-full``: the national-scale figures, against the server as production runs it.

Loads 1,000,000 candidates (about 2,000,000 certificates) and 100,000 open
vacancies with ``cpmi-matcher seed-synthetic`` (or reuses ``--db`` when it is
already loaded), starts ``cpmi-matcher serve`` on it and measures:

- index build from the database: seconds and peak resident memory of the server;
- ListEligibleCandidates, first page of 100, one call at a time: p50 / p99;
- ListEligibleVacancies, first page of 50, one call at a time, for candidates
  of every kind (including those every vacancy refuses): p50 / p99;
- StreamEligibleCandidates: all eligible candidates of the largest vacancies,
  pages of 1,000: candidates per second.

Targets (issue 9): build ≤ 60 s and ≤ 2 GB; both lists ≤ 5 ms p99; streaming ≥
200,000 candidates/s. Writes ``benchmarks/results/national.md`` and ``.json``.

Usage: python -m benchmarks.national [--candidates N] [--vacancies N] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import psutil
import sqlalchemy as sa
from cpmi.matching.v1 import eligibility_pb2, eligibility_pb2_grpc

from benchmarks.grpc_ratio import SECRET, cli
from matcher.principal import Role
from server.security.tokens import issue_token
from server.storage import tables as t

SAMPLES = 300
OUT = Path(__file__).parent / "results" / "national.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=1_000_000)
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--db", help="a database already loaded by seed-synthetic (kept); default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{tmp}/national.db"
        figures: dict[str, Any] = {"candidates": args.candidates, "vacancies": args.vacancies}
        if not args.db:
            started = time.perf_counter()
            seeding = [cli(), "seed-synthetic", "--candidates", str(args.candidates), "--vacancies"]
            subprocess.run([*seeding, str(args.vacancies), "--db", db], check=True, stdout=subprocess.DEVNULL)
            figures["seed_seconds"] = time.perf_counter() - started
        figures |= _counts(db)
        figures |= _served(db, Path(tmp))
    _write(figures)


def _counts(db: str) -> dict[str, int]:
    engine = sa.create_engine(db)
    with engine.connect() as conn:
        found = {
            "candidates_in_db": conn.scalar(sa.select(sa.func.count()).select_from(t.registrations)) or 0,
            "certificates_in_db": conn.scalar(sa.select(sa.func.count()).select_from(t.certificates)) or 0,
            "open_vacancies_in_db": conn.scalar(
                sa.select(sa.func.count()).select_from(t.vacancies).where(t.vacancies.c.state == "open")
            )
            or 0,
        }
    engine.dispose()
    return found


def _served(db: str, tmp: Path) -> dict[str, Any]:
    log = tmp / "server.log"
    command = [cli(), "serve", "--port", "0", "--db", db, "--documents", str(tmp / "docs")]
    environment = os.environ | {"CPMI_JWT_SECRET": SECRET, "CPMI_DECISION_LOG": "off", "CPMI_RATE_PER_SECOND": "0"}
    started = time.perf_counter()
    with log.open("w") as errors:
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env=environment)
    try:
        assert server.stdout is not None
        port = next(m.group(1) for line in server.stdout if (m := re.search(r"serving on [\d.]+:(\d+)", line)))
        figures: dict[str, Any] = {"start_seconds": time.perf_counter() - started}
        built = re.search(r"indexes built: .* in ([\d.]+) s", log.read_text())
        figures["index_build_seconds"] = float(built.group(1)) if built else None
        memory = psutil.Process(server.pid).memory_info()
        figures["server_rss_mb"] = memory.rss / 2**20
        figures["server_peak_rss_mb"] = _peak_rss_mb(server.pid)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            figures |= _lists(eligibility_pb2_grpc.EligibilityServiceStub(channel), db)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return figures


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _lists(stub: eligibility_pb2_grpc.EligibilityServiceStub, db: str) -> dict[str, float]:
    metadata = (("authorization", f"Bearer {issue_token(SECRET, Role.OPERATOR, 'bench')}"),)
    vacancies, people = _samples(db)
    figures: dict[str, float] = {}

    def candidates_page(i: int) -> object:
        request = eligibility_pb2.ListEligibleCandidatesRequest(vacancy=vacancies[i % len(vacancies)], page_size=100)
        return stub.ListEligibleCandidates(request, metadata=metadata, timeout=30)

    def vacancies_page(i: int) -> object:
        request = eligibility_pb2.ListEligibleVacanciesRequest(candidate=people[i % len(people)], page_size=50)
        return stub.ListEligibleVacancies(request, metadata=metadata, timeout=30)

    for name, call in (("list_eligible_candidates", candidates_page), ("list_eligible_vacancies", vacancies_page)):
        call(0)  # warm the channel
        samples = sorted(_timed(call, i) for i in range(SAMPLES))
        figures[f"{name}_p50_ms"] = statistics.median(samples)
        figures[f"{name}_p99_ms"] = samples[int(len(samples) * 0.99) - 1]
    streamed, started = 0, time.perf_counter()
    for name in vacancies[:3]:
        query = eligibility_pb2.ListEligibleCandidatesRequest(vacancy=name, page_size=1000)
        request = eligibility_pb2.StreamEligibleCandidatesRequest(query=query)
        for page in stub.StreamEligibleCandidates(request, metadata=metadata, timeout=600):
            streamed += len(page.candidates)
    figures["streamed_candidates"] = streamed
    figures["streamed_per_s"] = streamed / (time.perf_counter() - started)
    return figures


def _timed(call: Any, i: int) -> float:
    started = time.perf_counter()
    call(i)
    return (time.perf_counter() - started) * 1000


def _samples(db: str) -> tuple[list[str], list[str]]:
    """Vacancies of the commonest occupations and destinations (the longest lists), and
    candidates of every kind: verified or not, with or without fitting vacancies."""
    engine = sa.create_engine(db)
    v, r = t.vacancies.c, t.registrations.c
    with engine.connect() as conn:
        popular = conn.scalars(
            sa.select(v.id)
            .where(v.state == "open", v.occupation_code.in_(["9111", "5322"]))
            .order_by(v.ordinal)
            .limit(2000)
        ).all()
        people = conn.scalars(sa.select(r.candidate_id).order_by(r.ordinal).limit(20_000)).all()
    engine.dispose()
    rng = random.Random(5)
    return (
        [f"vacancies/{i}" for i in rng.sample(list(popular), min(len(popular), SAMPLES))],
        [f"candidates/{i}" for i in rng.sample(list(people), min(len(people), SAMPLES))],
    )


def _write(figures: dict[str, Any]) -> None:
    rows = [
        (
            "dataset",
            f"{figures['candidates_in_db']:,} candidates, {figures['certificates_in_db']:,} certificates, "
            f"{figures['open_vacancies_in_db']:,} open vacancies",
        ),
        ("seed-synthetic", f"{figures['seed_seconds']:.0f} s" if "seed_seconds" in figures else "reused"),
        ("index build from the database (target ≤ 60 s)", f"{figures['index_build_seconds']:.1f} s"),
        (
            "server resident memory after start, peak (target ≤ 2 GB)",
            f"{figures['server_rss_mb']:,.0f} MB, {figures['server_peak_rss_mb']:,.0f} MB",
        ),
        (
            "ListEligibleCandidates first page of 100: p50 / p99 (target ≤ 5 ms p99)",
            f"{figures['list_eligible_candidates_p50_ms']:.2f} / {figures['list_eligible_candidates_p99_ms']:.2f} ms",
        ),
        (
            "ListEligibleVacancies first page of 50: p50 / p99 (target ≤ 5 ms p99)",
            f"{figures['list_eligible_vacancies_p50_ms']:.2f} / {figures['list_eligible_vacancies_p99_ms']:.2f} ms",
        ),
        (
            "StreamEligibleCandidates, pages of 1,000 (target ≥ 200,000/s)",
            f"{figures['streamed_per_s']:,.0f} candidates/s ({figures['streamed_candidates']:,} streamed)",
        ),
    ]
    table = "| measure | result |\n|---|---|\n" + "\n".join(f"| {n} | {v} |" for n, v in rows)
    header = f"National scale, measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on this machine.\n\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + table + "\n")
    OUT.with_suffix(".json").write_text(json.dumps({"scale": figures}, indent=2) + "\n")
    print(header + table)


if __name__ == "__main__":
    main()
