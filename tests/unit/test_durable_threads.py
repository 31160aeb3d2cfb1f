"""Hammer the durable-rules driver from many threads: every answer right, no crash."""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy_loader import load_policy
from tests.unit.test_rules import BREAKS, ELIGIBLE

POLICY = load_policy((Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text())


def random_case(rng: random.Random) -> dict[str, Any]:
    facts = dict(ELIGIBLE)
    for code in rng.sample(sorted(BREAKS), rng.randint(0, 5)):
        facts.update(BREAKS[code])
    return facts


def test_eight_threads_twenty_thousand_decisions() -> None:
    durable, compiled = DurableEvaluator(POLICY), CompiledEvaluator(POLICY)
    wrong: list[tuple[dict[str, Any], list[str]]] = []
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(2500):
                facts = random_case(rng)
                got = durable.decide(facts)
                if got != compiled.decide(facts):
                    wrong.append((facts, got))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    durable.close()
    assert errors == [] and wrong == []


def test_rulesets_are_created_and_freed_repeatedly() -> None:
    """A policy swap frees the old ruleset; doing it often must neither leak sids nor crash."""
    for _ in range(200):
        evaluator = DurableEvaluator(POLICY)
        assert evaluator.decide(ELIGIBLE | BREAKS["BPJS_MISSING"]) == ["BPJS_MISSING"]
        evaluator.close()
