"""Query decisions come from the compiled evaluator; a sample is re-decided by durable-rules
off the request path, and a disagreement is counted and logged."""

from __future__ import annotations

import logging
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.rules.schema import DATE_FACTS, FACT_SCHEMA
from matcher.rules.shadow import ShadowedEvaluator
from server.decisions.shadow_checker import BackgroundShadowChecker

POLICY = load_policy((Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text())


def some_facts(seed: int) -> dict[str, Any]:
    pick = random.Random(seed)
    values: dict[type, list[Any]] = {
        int: [-1, 0, 1, 17, 18, 30, 91, 400],
        bool: [True, False],
        str: ["", "female", "male", "SA", "HK", "9111", "individual"],
    }
    facts = {name: pick.choice(values[kind]) for name, kind in FACT_SCHEMA.items()}
    today = date(2026, 11, 27).toordinal()  # every shipped rule in force
    # A date fact is a day of the calendar: some days before today.
    dates = {name: today - pick.choice([1, 30, 91, 400]) for name in DATE_FACTS if name != "reference_day"}
    return facts | dates | {"reference_day": today}


FACTS = [some_facts(seed) for seed in range(40)]


class AlwaysEligible:
    """A broken answering evaluator, to see the checker catch it."""

    policy = POLICY

    def decide(self, facts: dict[str, Any]) -> list[str]:
        return []

    def close(self) -> None: ...


@pytest.fixture
def durable() -> Any:
    evaluator = DurableEvaluator(POLICY)
    yield evaluator
    evaluator.close()


def test_every_sampled_decision_agrees_when_both_engines_run_the_same_policy(durable: DurableEvaluator) -> None:
    checker = BackgroundShadowChecker(sample=1.0)
    shadowed = ShadowedEvaluator(CompiledEvaluator(POLICY), durable, checker)
    answers = [shadowed.decide(facts) for facts in FACTS]
    checker.drain()
    checker.close()
    assert answers == [CompiledEvaluator(POLICY).decide(f) for f in FACTS]
    assert (checker.checked, checker.disagreements, checker.dropped) == (len(FACTS), 0, 0)


def test_a_disagreement_is_counted_and_logged_with_both_answers(
    durable: DurableEvaluator, caplog: pytest.LogCaptureFixture
) -> None:
    refused = next(f for f in FACTS if durable.decide(f))
    checker = BackgroundShadowChecker(sample=1.0)
    with caplog.at_level(logging.WARNING, logger="cpmi.shadow"):
        ShadowedEvaluator(AlwaysEligible(), durable, checker).decide(refused)
        checker.drain()
    checker.close()
    assert checker.disagreements == 1
    assert "compiled []" in caplog.text and durable.decide(refused)[0] in caplog.text


def test_the_sample_is_the_configured_fraction_and_zero_checks_nothing(durable: DurableEvaluator) -> None:
    tenth, none = BackgroundShadowChecker(sample=0.1), BackgroundShadowChecker(sample=0.0)
    for facts in FACTS * 5:
        tenth.offer(durable, facts, durable.decide(facts))
        none.offer(durable, facts, durable.decide(facts))
    tenth.drain()
    for checker in (tenth, none):
        checker.close()
    assert (tenth.checked, none.checked) == (len(FACTS) * 5 // 10, 0)


def test_a_full_queue_drops_the_oldest_and_counts_them(durable: DurableEvaluator) -> None:
    checker = BackgroundShadowChecker(sample=1.0, capacity=5)
    checker.close()  # no worker: the queue only fills
    for facts in FACTS[:12]:
        checker.offer(durable, facts, [])
    assert (checker.dropped, checker.depth) == (7, 5)


def test_a_policy_swapped_before_the_check_is_skipped_not_called_a_disagreement() -> None:
    closed = DurableEvaluator(POLICY)
    closed.close()
    checker = BackgroundShadowChecker(sample=1.0)
    checker.offer(closed, FACTS[0], [])
    checker.drain()
    checker.close()
    assert (checker.skipped, checker.disagreements) == (1, 0)


def test_the_registry_answers_queries_through_the_shadowed_compiled_evaluator() -> None:
    checker = BackgroundShadowChecker(sample=1.0)
    registry = PolicyRegistry(shadow=checker)
    registry.install([POLICY])
    day = POLICY.effective_from
    try:
        assert isinstance(registry.for_queries(day), ShadowedEvaluator)
        assert isinstance(registry.of_record(day), DurableEvaluator)
        registry.for_queries(day).decide(FACTS[0])
        checker.drain()
        assert checker.checked == 1
    finally:
        checker.close()
        registry.close()
