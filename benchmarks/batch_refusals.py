"""BatchCheckEligibility in process, as ``benchmarks/run.py`` measures it (the sets ready, an
operator, batches of 1,000 random pairs, mostly refusals), with small counts, and the same
batches asked of a decider that explains every refusal pair by pair (issue 26).

Two workloads: **repeated** pairs (run.py's: the same 1,000 pairs, best of three runs of 20
batches) and **fresh** pairs (a new random batch each time: classes repeat only by chance).

Usage: python -m benchmarks.batch_refusals [--candidates N] [--vacancies N] [--rounds N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from benchmarks.run import NOW, OPERATOR, POLICY_FILE, NoLog, Report, build_index, rate
from matcher.catalogue import default_catalogue
from matcher.clock import FixedClock
from matcher.read_model import EligibilitySets, Lookups
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility import EligibilityService, RulesDecider
from server.security.pseudonyms import SivPseudonyms

Pairs = list[tuple[str, str, date | None]]


def services(candidates: int, vacancies: int) -> tuple[dict[str, EligibilityService], Pairs, Callable[[], Pairs]]:
    policy = load_policy(POLICY_FILE.read_text())
    people_index, posts_index = build_index(candidates, vacancies, Report())
    registry = PolicyRegistry()
    registry.install([policy])
    today, clock, catalogue = NOW.date(), FixedClock(NOW), default_catalogue()
    sets = EligibilitySets(people_index, posts_index)
    sets.prepare(today, registry.policy_on(today), registry.compiled(today))

    def service(decider: RulesDecider | None) -> EligibilityService:
        reads = Lookups(people_index, posts_index, sets)
        return EligibilityService(reads, registry, catalogue, NoLog(), clock, SivPseudonyms(b"bench"), decider)

    by_pairs = service(RulesDecider(registry, catalogue, posts_index.get, clock, NoLog(), by_class=False))
    people = [c.candidate_id for c in people_index.all() if c.verified]
    posts = [v.id for v in posts_index.all()]
    rng = random.Random(5)

    def random_pairs() -> Pairs:
        return [(rng.choice(people), rng.choice(posts), None) for _ in range(1000)]

    return {"pair by pair": by_pairs, "by class": service(None)}, random_pairs(), random_pairs


def fresh_rate(check: Callable[[Pairs], object], make: Callable[[], Pairs], runs: int = 10) -> float:
    best = float("inf")
    for _ in range(runs):
        pairs = make()
        started = time.perf_counter()
        check(pairs)
        best = min(best, time.perf_counter() - started)
    return 1000 / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=30_000)
    parser.add_argument("--vacancies", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    found, pairs, random_pairs = services(args.candidates, args.vacancies)
    refused = sum(not d.eligible for d in found["by class"].check_batch(OPERATOR, pairs))
    print(f"{args.candidates:,} candidates, {args.vacancies:,} vacancies; {refused} of {len(pairs)} pairs refused")
    for round_ in range(args.rounds):
        row = []
        for label, service in found.items():
            repeated = rate(partial(service.check_batch, OPERATOR, pairs), 20) * len(pairs)
            fresh = fresh_rate(partial(service.check_batch, OPERATOR), random_pairs)
            row.append(f"{label}: repeated {repeated:,.0f}/s, fresh {fresh:,.0f}/s")
        print(f"round {round_ + 1}: " + " | ".join(row), flush=True)
    decider = found["by class"].decider
    classes = getattr(decider, "classes", None)
    if classes is not None:
        print(
            f"classes kept {len(classes):,}; hits {classes.hits:,}, misses {classes.misses:,}, "
            f"confirmed {classes.confirmed:,}, disagreements {classes.disagreements}"
        )


if __name__ == "__main__":
    main()
