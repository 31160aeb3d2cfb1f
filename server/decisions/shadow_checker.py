"""The shadow checker (the server half of `matcher/rules/shadow.py`): a sample of
query decisions re-decided by durable-rules, off the request path.

``offer`` is called for every query decision and costs a counter step unless
the decision is sampled; sampled ones go to a bounded queue (the oldest
dropped and counted when full). A background thread re-decides them with the
engine of record and counts agreements and disagreements; a disagreement is
logged with the rule codes of both (facts are ages, dates and flags, no
identity numbers).
"""

from __future__ import annotations

import logging
from typing import Any

from matcher.rules.decision import Evaluator
from matcher.rules.durable import EngineError
from server.observability.background import BackgroundQueue

log = logging.getLogger("cpmi.shadow")

QUEUE_SIZE = 10_000
FLUSH_SECONDS = 0.2

Sampled = tuple[Evaluator, dict[str, Any], list[str]]


class BackgroundShadowChecker:
    def __init__(self, sample: float, capacity: int = QUEUE_SIZE) -> None:
        if not 0 <= sample <= 1:
            raise ValueError("the shadow sample is a fraction between 0 and 1")
        self._every = round(1 / sample) if sample else 0
        self._seen = 0
        self.checked = 0
        self.disagreements = 0
        self.skipped = 0
        self._queue: BackgroundQueue[Sampled] = BackgroundQueue("cpmi-shadow", self._check_all, capacity, FLUSH_SECONDS)

    @property
    def depth(self) -> int:
        return self._queue.depth

    @property
    def dropped(self) -> int:
        return self._queue.dropped

    def offer(self, reference: Evaluator, facts: dict[str, Any], codes: list[str]) -> None:
        if not self._every:
            return
        self._seen += 1
        if self._seen % self._every:
            return
        self._queue.offer((reference, facts, codes))

    def drain(self, timeout: float = 5.0) -> None:
        """Wait until every queued decision is checked (tests, shutdown)."""
        self._queue.drain(timeout)

    def close(self) -> None:
        self._queue.close()

    def _check_all(self, sampled: list[Sampled]) -> None:
        for reference, facts, codes in sampled:
            self._check(reference, facts, codes)

    def _check(self, reference: Evaluator, facts: dict[str, Any], codes: list[str]) -> None:
        try:
            expected = reference.decide(facts)
        except EngineError:
            self.skipped += 1  # the policy was swapped meanwhile: nothing to compare against
            return
        self.checked += 1
        if expected != codes:
            self.disagreements += 1
            log.warning(
                "compiled and durable-rules disagree on policy %s: compiled %s, durable-rules %s, facts %s",
                reference.policy.version,
                codes,
                expected,
                facts,
            )
