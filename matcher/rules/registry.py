"""Which policy decides on a given date, with its evaluators ready.

Activated versions form a timeline: the most recently activated version whose
effective window covers the reference date decides. Swapping in a new
timeline keeps the old durable-rules rulesets alive for one more swap, so a
decision in flight never finds its ruleset freed under it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from matcher.errors import FailedPrecondition, Reason
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.decision import Evaluator
from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy import Policy
from matcher.rules.shadow import ShadowChecker, ShadowedEvaluator
from matcher.text import Text

MAX_DAYS = 4096


@dataclass(frozen=True)
class Engines:
    policy: Policy
    durable: DurableEvaluator
    compiled: CompiledEvaluator
    query: Evaluator


class PolicyRegistry:
    def __init__(self, *, all_durable: bool = False, shadow: ShadowChecker | None = None) -> None:
        self.all_durable = all_durable
        self._shadow = shadow
        self._lock = threading.Lock()
        self._timeline: tuple[Engines, ...] = ()
        # The engines found for a day, with the timeline they were found in: replaced with
        # it in one assignment, so no reader files a day of the old timeline under the new.
        self._found: tuple[tuple[Engines, ...], dict[date, Engines]] = ((), {})
        self._retiring: list[Engines] = []

    def install(self, active: list[Policy]) -> None:
        """Make ``active`` (oldest activation first) the timeline."""
        with self._lock:
            kept = {e.policy.version: e for e in self._timeline}
            timeline = tuple(
                kept.pop(p.version)
                if p.version in kept and kept[p.version].policy.document == p.document
                else self._engines(p)
                for p in active
            )
            for engines in self._retiring:
                engines.durable.close()
            self._retiring = list(kept.values())
            self._timeline = timeline
            self._found = (timeline, {})

    def _engines(self, policy: Policy) -> Engines:
        durable, compiled = DurableEvaluator(policy), CompiledEvaluator(policy)
        query: Evaluator = compiled
        if self.all_durable:
            query = durable
        elif self._shadow is not None:
            query = ShadowedEvaluator(compiled, durable, self._shadow)
        return Engines(policy, durable, compiled, query)

    def policy_on(self, day: date) -> Policy:
        return self._engines_on(day).policy

    def of_record(self, day: date) -> Evaluator:
        """durable-rules: the engine of the decision Apply records."""
        return self._engines_on(day).durable

    def for_queries(self, day: date) -> Evaluator:
        """Checks, batches and lists: the compiled evaluator, a sample of its decisions
        re-decided by the shadow checker; durable-rules when configured for everything."""
        return self._engines_on(day).query

    def compiled(self, day: date) -> CompiledEvaluator:
        """The compiled evaluator itself (for its vacancy-only pre-check)."""
        return self._engines_on(day).compiled

    def _engines_on(self, day: date) -> Engines:
        """A look-up per call (each check asks once or twice); the timeline is walked once
        per day."""
        timeline, found = self._found
        engines = found.get(day)
        if engines is not None:
            return engines
        for engines in reversed(timeline):
            if engines.policy.covers(day):
                if len(found) >= MAX_DAYS:
                    found.clear()
                found[day] = engines
                return engines
        raise FailedPrecondition(
            Reason.POLICY_STATE,
            Text(
                id=f"Tidak ada kebijakan aktif untuk tanggal {day.isoformat()}",
                en=f"No active policy covers {day.isoformat()}",
            ),
        )

    @property
    def active_versions(self) -> tuple[str, ...]:
        return tuple(e.policy.version for e in self._timeline)

    def close(self) -> None:
        with self._lock:
            for engines in (*self._timeline, *self._retiring):
                engines.durable.close()
            self._timeline, self._retiring = (), []
            self._found = ((), {})
