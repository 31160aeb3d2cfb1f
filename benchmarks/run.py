"""``make bench``: one run, every figure measured against a baseline in the same process.

Reports decisions per second through durable-rules and through the compiled
evaluator (the same policy), and the in-memory index at 100,000 candidates:
build time and memory, ListEligibleCandidates / ListEligibleVacancies latency,
streaming rate. Also the gRPC cost of CheckEligibility against a no-op RPC
(the health check) on one running server.

Usage: python -m benchmarks.run [--candidates N] [--vacancies N] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.apply_grpc import measure_apply_over_grpc
from benchmarks.chart import latency_chart
from benchmarks.commits import measure_application_commits
from benchmarks.grpc_ratio import measure_grpc_ratio
from benchmarks.replicas import measure_replicas
from benchmarks.standing import measure_standing_queries
from matcher.catalogue import default_catalogue
from matcher.clock import FixedClock
from matcher.paging import PageRequest
from matcher.principal import Principal, Role
from matcher.read_model import CandidateIndex, EligibilitySets, Lookups, VacancyIndex
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.decision import decide
from matcher.rules.durable import DurableEvaluator
from matcher.rules.facts import build_facts
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility import CandidateFilter, EligibilityService
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy
from server.security.pseudonyms import SivPseudonyms
from server.seed import synthetic

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
POLICY_FILE = Path(__file__).resolve().parent.parent / "matcher" / "rules" / "policies" / "default.json"
OPERATOR = Principal(Role.OPERATOR, "bench")


class NoLog:
    def record(self, *_: object) -> None:
        """Benchmarks measure deciding, not logging."""


class Report:
    """Rows for the table, and the same figures as numbers for the JSON's "scale"."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str]] = []
        self.scale: dict[str, float] = {}

    def add(self, label: str, shown: str, **figures: float) -> None:
        self.rows.append((label, shown))
        self.scale |= figures


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rate(fn: Callable[[], Any], count: int) -> float:
    """Calls per second, best of three (the machine is shared)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(count):
            fn()
        best = min(best, time.perf_counter() - started)
    return count / best


def latencies_ms(fn: Callable[[int], Any], runs: int) -> tuple[float, float]:
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def bench_decisions(policy: Policy, cases: list[dict[str, Any]], report: Report) -> None:
    durable, compiled = DurableEvaluator(policy), CompiledEvaluator(policy)
    cycle = iter(cases * 1000)
    durable_rate = rate(lambda: durable.decide(next(cycle)), 20_000)
    compiled_rate = rate(lambda: compiled.decide(next(cycle)), 20_000)
    durable.close()
    report.add("decisions/s, durable-rules (facts ready)", f"{durable_rate:,.0f}", durable_decisions_per_s=durable_rate)
    report.add("decisions/s, compiled (facts ready)", f"{compiled_rate:,.0f}", compiled_decisions_per_s=compiled_rate)
    report.add("compiled ÷ durable-rules", f"{compiled_rate / durable_rate:.1f}×")


def bench_full_decisions(policy: Policy, index: tuple[CandidateIndex, VacancyIndex], report: Report) -> None:
    candidates, vacancies = index[0].all()[:5000], index[1].all()[:500]
    rng = random.Random(3)
    pairs = [(rng.choice(candidates), rng.choice(vacancies)) for _ in range(5000)]
    catalogue, today = default_catalogue(), NOW.date()
    durable, compiled = DurableEvaluator(policy), CompiledEvaluator(policy)
    cycle = iter(pairs * 100)
    facts_rate = rate(lambda: build_facts(*next(cycle), policy, today), 20_000)
    report.add("facts built/s", f"{facts_rate:,.0f}", facts_per_s=facts_rate)
    full_durable = rate(lambda: decide(durable, catalogue, *next(cycle), today), 10_000)
    full_compiled = rate(lambda: decide(compiled, catalogue, *next(cycle), today), 10_000)
    durable.close()
    report.add("whole decisions/s (facts + rules + reasons), durable-rules", f"{full_durable:,.0f}")
    report.add(
        "whole decisions/s (facts + rules + reasons), compiled",
        f"{full_compiled:,.0f}",
        whole_decisions_per_s=full_compiled,
    )


def build_index(count: int, vacancy_count: int, report: Report) -> tuple[CandidateIndex, VacancyIndex]:
    today = NOW.date()
    before = rss_mb()
    made_candidates = synthetic.candidates(count, today)
    made_vacancies = synthetic.vacancies(vacancy_count, today)
    started = time.perf_counter()
    candidates, vacancies = CandidateIndex(), VacancyIndex()
    for position, snapshot in enumerate(made_candidates, 1):
        candidates.upsert(snapshot, position)
    for position, vacancy in enumerate(made_vacancies, 1):
        vacancies.upsert(vacancy, position)
    seconds = time.perf_counter() - started
    label = f"index build from snapshots, {count:,} candidates + {vacancy_count:,} vacancies"
    report.add(label, f"{seconds:.2f} s", candidates=count, vacancies=vacancy_count, index_build_seconds=seconds)
    grown = rss_mb() - before
    report.add("index memory (RSS growth incl. snapshots)", f"{grown:,.0f} MB", index_memory_mb=grown)
    return candidates, vacancies


def bench_queries(policy: Policy, candidates: CandidateIndex, vacancies: VacancyIndex, report: Report) -> None:
    """Both lists and a batch, answered from the eligibility sets (as the server does) and,
    for comparison, pair by pair; first pages include the hardest cases: the busiest
    vacancies, those almost nobody fits, candidates every vacancy of their occupation
    refuses and candidates with many occupations."""
    registry = PolicyRegistry()
    registry.install([policy])
    today = NOW.date()
    before, started = rss_mb(), time.perf_counter()
    sets = EligibilitySets(candidates, vacancies)
    view = sets.prepare(today, registry.policy_on(today), registry.compiled(today))
    seconds, grown = time.perf_counter() - started, rss_mb() - before
    report.add(
        f"eligibility sets built ({len(view.shapes):,} shapes of {len(view.shape_of):,} vacancies): time / RSS growth",
        f"{seconds:.2f} s / {grown:,.0f} MB",
        sets_build_seconds=seconds,
        sets_memory_mb=grown,
        shapes=len(view.shapes),
    )
    pseudonyms = SivPseudonyms(b"bench")
    catalogue, clock = default_catalogue(), FixedClock(NOW)
    from_sets = EligibilityService(
        Lookups(candidates, vacancies, sets), registry, catalogue, NoLog(), clock, pseudonyms
    )
    pairwise = EligibilityService(Lookups(candidates, vacancies, None), registry, catalogue, NoLog(), clock, pseudonyms)
    by_size = sorted(vacancies.all(), key=lambda v: len(sets.eligible_candidates(view, v.id)[0]))
    targets = by_size[-100:] + by_size[:100]  # the largest and the emptiest
    people = [c for c in candidates.all() if c.verified]
    refused = [c for c in people if not sets.eligible_vacancies(view, c)][:100]
    many = sorted(people, key=lambda c: -len({x.occupation_code for x in c.certificates}))[:100]
    askers = refused + many
    first_page = PageRequest(size=100)
    for label, service, key in ((" (sets)", from_sets, ""), (" (pair by pair)", pairwise, "_pairwise")):
        p50, p99 = latencies_ms(_first_candidates(service, targets, first_page), 400)
        report.add(
            f"ListEligibleCandidates, first page of 100{label}: p50 / p99",
            f"{p50:.2f} / {p99:.2f} ms",
            **{f"list_eligible_candidates_p50_ms{key}": p50, f"list_eligible_candidates_p99_ms{key}": p99},
        )
        p50, p99 = latencies_ms(_first_vacancies(service, askers), 400)
        report.add(
            f"ListEligibleVacancies, first page of 50{label}: p50 / p99",
            f"{p50:.2f} / {p99:.2f} ms",
            **{f"list_eligible_vacancies_p50_ms{key}": p50, f"list_eligible_vacancies_p99_ms{key}": p99},
        )
    streamed, started = 0, time.perf_counter()
    for vacancy in by_size[-5:]:
        page = from_sets.eligible_candidates(OPERATOR, vacancy.id, CandidateFilter(), PageRequest(size=1000))
        streamed += len(page.items)
        while page.next_after:
            page = from_sets.eligible_candidates(
                OPERATOR, vacancy.id, CandidateFilter(), PageRequest(1000, page.next_after)
            )
            streamed += len(page.items)
    per_s = streamed / (time.perf_counter() - started)
    report.add("all eligible candidates, pages of 1,000 (sets)", f"{per_s:,.0f} /s", streamed_per_s=per_s)
    rng = random.Random(5)
    pairs: list[tuple[str, str, date | None]] = [
        (rng.choice(people).candidate_id, rng.choice(vacancies.all()).id, None) for _ in range(1000)
    ]
    admitted: list[tuple[str, str, date | None]] = [
        (c.candidate_id, v.id, None)
        for v in by_size[-20:]
        for c in (candidates.at(o) for o in list(sets.eligible_candidates(view, v.id)[0])[:50])
    ]
    for label, batch, key in (
        ("random pairs", pairs, "batch_decisions_per_s"),
        ("eligible pairs", admitted, "batch_admitted_per_s"),
    ):
        per_s = rate(partial(from_sets.check_batch, OPERATOR, batch), 20) * len(batch)
        report.add(f"BatchCheckEligibility in process, {label} (sets): decisions/s", f"{per_s:,.0f}", **{key: per_s})


def _first_candidates(service: EligibilityService, targets: list[Vacancy], page: PageRequest) -> Callable[[int], Any]:
    return lambda i: service.eligible_candidates(OPERATOR, targets[i % len(targets)].id, CandidateFilter(), page)


def _first_vacancies(service: EligibilityService, askers: list[CandidateSnapshot]) -> Callable[[int], Any]:
    def ask(i: int) -> Any:
        asker = askers[i % len(askers)].candidate_id
        return service.eligible_vacancies(Principal(Role.CANDIDATE, asker), asker, PageRequest(50))

    return ask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=5_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "latest.md")
    parser.add_argument("--skip-grpc", action="store_true")
    args = parser.parse_args()
    policy = load_policy(POLICY_FILE.read_text())
    report = Report()
    candidates, vacancies = build_index(args.candidates, args.vacancies, report)
    sample = [
        build_facts(c, v, policy, NOW.date())
        for c, v in zip(candidates.all()[:2000], vacancies.all() * 1, strict=False)
    ]
    bench_decisions(policy, sample, report)
    bench_full_decisions(policy, (candidates, vacancies), report)
    bench_queries(policy, candidates, vacancies, report)
    commit_rows, commit_figures = measure_application_commits(FixedClock(NOW))
    report.rows.extend(commit_rows)
    report.scale |= commit_figures
    measured: dict[str, Any] = {"scenarios": {}, "sweep": {}}
    if not args.skip_grpc:
        ratio_rows, measured = measure_grpc_ratio(args.candidates)
        report.rows.extend(ratio_rows)
        report.rows.extend(measure_apply_over_grpc())
        report.rows.extend(measure_replicas())
        report.rows.extend(measure_standing_queries())
    write_results(args.out, report.rows, measured | {"scale": report.scale})


def write_results(out: Path, rows: list[tuple[str, str]], measured: dict[str, Any], chart: bool = True) -> None:
    """The markdown table, the JSON (``BENCH_JSON`` overrides its path) and the chart."""
    table = "| measure | result |\n|---|---|\n" + "\n".join(f"| {name} | {value} |" for name, value in rows)
    header = f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on this machine; one run, best of 3 for rates.\n\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(header + table + "\n")
    json_out = Path(os.environ.get("BENCH_JSON", out.with_suffix(".json")))
    json_out.write_text(json.dumps(measured | {"rows": dict(rows)}, indent=2) + "\n")
    if chart and measured.get("sweep"):
        latency_chart(measured["sweep"], out.with_suffix(".png"))
    print(header + table)


if __name__ == "__main__":
    main()
