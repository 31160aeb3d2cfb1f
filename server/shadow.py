"""The shadow checker: a sample of query decisions re-decided by durable-rules, off the
request path.

``offer`` is called for every query decision and costs a counter step unless
the decision is sampled; sampled ones go to a bounded queue (the oldest
dropped and counted when full). A background thread re-decides them with the
engine of record and counts agreements and disagreements; a disagreement is
logged with the rule codes of both (facts are ages, dates and flags, no
identity numbers).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any

from matcher.rules.decision import Evaluator
from matcher.rules.durable import EngineError

log = logging.getLogger("cpmi.shadow")

QUEUE_SIZE = 10_000


class BackgroundShadowChecker:
    def __init__(self, sample: float, capacity: int = QUEUE_SIZE) -> None:
        if not 0 <= sample <= 1:
            raise ValueError("the shadow sample is a fraction between 0 and 1")
        self._every = round(1 / sample) if sample else 0
        self._seen = 0
        self._queue: deque[tuple[Evaluator, dict[str, Any], list[str]]] = deque(maxlen=capacity)
        self._capacity = capacity
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self.checked = 0
        self.disagreements = 0
        self.dropped = 0
        self.skipped = 0
        self._worker = threading.Thread(target=self._run, name="cpmi-shadow", daemon=True)
        self._worker.start()

    @property
    def depth(self) -> int:
        return len(self._queue)

    def offer(self, reference: Evaluator, facts: dict[str, Any], codes: list[str]) -> None:
        if not self._every:
            return
        self._seen += 1
        if self._seen % self._every:
            return
        if len(self._queue) >= self._capacity:
            self.dropped += 1
        self._queue.append((reference, facts, codes))
        self._wake.set()

    def drain(self, timeout: float = 5.0) -> None:
        """Wait until every queued decision is checked (tests, shutdown)."""
        self._wake.set()
        deadline = time.monotonic() + timeout
        while (self._queue or not self._idle.is_set()) and time.monotonic() < deadline:
            time.sleep(0.01)

    def close(self) -> None:
        self._stopping = True
        self._wake.set()
        self._worker.join(timeout=5)

    def _run(self) -> None:
        while not self._stopping:
            self._wake.wait(1.0)
            self._wake.clear()
            self._idle.clear()
            while self._queue:
                try:
                    reference, facts, codes = self._queue.popleft()
                except IndexError:
                    break
                self._check(reference, facts, codes)
            self._idle.set()

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
