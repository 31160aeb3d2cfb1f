"""Query decisions by the compiled evaluator, a sample of them re-decided by durable-rules.

durable-rules is the engine of record (Apply); queries use the compiled
evaluator of the same policy. So that a divergence between the two never goes
unseen, the query evaluator hands a sample of its decisions to a checker that
re-decides them off the request path and counts disagreements.
"""

from __future__ import annotations

from typing import Any, Protocol

from matcher.rules.decision import Evaluator
from matcher.rules.policy import Policy


class ShadowChecker(Protocol):
    def offer(self, reference: Evaluator, facts: dict[str, Any], codes: list[str]) -> None:
        """Maybe re-decide ``facts`` with ``reference`` later; must not block."""
        ...


class ShadowedEvaluator:
    """The compiled evaluator's answer, every decision offered to the checker."""

    def __init__(self, answering: Evaluator, reference: Evaluator, checker: ShadowChecker) -> None:
        self.policy: Policy = answering.policy
        self._answering = answering
        self._reference = reference
        self._checker = checker

    def decide(self, facts: dict[str, Any]) -> list[str]:
        codes = self._answering.decide(facts)
        self._checker.offer(self._reference, facts, codes)
        return codes

    def close(self) -> None:
        """The registry closes the evaluators themselves."""
