"""Apply over gRPC: distinct candidates each applying to a vacancy they fit, through
`cpmi-matcher serve` on a seeded SQLite file, server pinned to core 0 and the grpc.aio +
uvloop generator (`benchmarks/aio_load.py`) on core 1, each call with its candidate's own
token (an Apply is the candidate's own act). Every application commits once, so each
in-flight level gets pairs of its own; committed/s counts the calls answered OK.

    python -m benchmarks.apply_grpc      # prints the rows `make bench` adds
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import grpc
from cpmi.matching.v1 import application_pb2, eligibility_pb2, eligibility_pb2_grpc

from benchmarks.grpc_ratio import SECRET, cli, drive, pinned, started
from matcher.principal import Role
from server.security.tokens import issue_token

CANDIDATES, VACANCIES = 20_000, 2_000
IN_FLIGHTS = (32, 256)
SECONDS = 4.0
# More pairs than a level uses at 1,000 commits/s in SECONDS, so no call repeats one.
PAIRS_EACH = 4_500
METHOD = "/cpmi.matching.v1.ApplicationService/Apply"


def measure_apply_over_grpc() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/apply.db"
        seeding = [cli(), "seed-synthetic", "--candidates", str(CANDIDATES), "--vacancies", str(VACANCIES)]
        subprocess.run([*seeding, "--db", db], check=True, capture_output=True)
        serve = [cli(), "serve", "--port", "0", "--db", db, "--documents", f"{tmp}/docs"]
        env = {"CPMI_JWT_SECRET": SECRET, "CPMI_RATE_PER_SECOND": "0"}
        with started(pinned(0, serve), r"serving on 127\.0\.0\.1:(\d+)", env) as ours:
            target = f"127.0.0.1:{ours.group(1)}"
            pairs = _fitting_pairs(target, PAIRS_EACH * len(IN_FLIGHTS))
            each = len(pairs) // len(IN_FLIGHTS)
            rows = []
            for level, in_flight in enumerate(IN_FLIGHTS):
                payloads, tokens = _files(Path(tmp), level, pairs[level * each : (level + 1) * each])
                figures = drive(target, METHOD, payloads, f"@{tokens}", in_flight, SECONDS)
                rows.append(
                    (
                        f"Apply over gRPC, SQLite file, {in_flight} in flight, distinct eligible pairs, a token each: "
                        "committed/s / p50 / p99 [refused] [generator's CPU]",
                        f"{figures['ok_rps']:,.0f} / {figures['p50_ms']:.2f} / {figures['p99_ms']:.2f} ms "
                        f"[{figures['errors']:,.0f}] [{figures['generator_cpu']:.0%}]",
                    )
                )
    return rows


def _fitting_pairs(target: str, wanted: int) -> list[tuple[str, str]]:
    """(candidate id, vacancy name): one vacancy each candidate fits, distinct candidates."""
    operator = (("authorization", f"Bearer {issue_token(SECRET, Role.OPERATOR, 'bench')}"),)
    pairs: list[tuple[str, str]] = []
    with grpc.insecure_channel(target) as channel:
        lists = eligibility_pb2_grpc.EligibilityServiceStub(channel).ListEligibleVacancies
        for i in range(CANDIDATES):
            if len(pairs) == wanted:
                break
            candidate_id = f"syn-{i:07d}"
            request = eligibility_pb2.ListEligibleVacanciesRequest(candidate=f"candidates/{candidate_id}", page_size=1)
            found = lists(request, metadata=operator, timeout=10).vacancies
            if found:
                pairs.append((candidate_id, found[0].name))
    return pairs


def _files(folder: Path, level: int, pairs: list[tuple[str, str]]) -> tuple[Path, Path]:
    """The requests (hex, one a line) and each one's candidate token, in the same order."""
    payloads, tokens = folder / f"apply-{level}.hex", folder / f"apply-{level}.tokens"
    payloads.write_text(
        "\n".join(
            application_pb2.ApplyRequest(candidate=f"candidates/{c}", vacancy=v).SerializeToString().hex()
            for c, v in pairs
        )
    )
    tokens.write_text("\n".join(issue_token(SECRET, Role.CANDIDATE, c) for c, _ in pairs))
    return payloads, tokens


if __name__ == "__main__":
    for row in measure_apply_over_grpc():
        print(row)
