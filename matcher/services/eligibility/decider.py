"""The decider port: the one way a pair is decided rule by rule, shared by Apply (the
decision of record) and CheckEligibility (a refusal explained)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from matcher.catalogue import Catalogue
from matcher.ports import Clock, DecisionLog
from matcher.rules.classes import RefusalClasses
from matcher.rules.decision import Decision, decide
from matcher.rules.registry import PolicyRegistry
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy


class Decider(Protocol):
    def decide_of_record(self, candidate: CandidateSnapshot, vacancy: Vacancy) -> Decision:
        """The decision an application is taken under today, logged."""
        ...

    def explained(
        self,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        day: date,
        placed_through: Callable[[str], Vacancy | None] | None,
    ) -> Decision:
        """A query's decision of ``day``, each refusal explained (not logged: the caller logs)."""
        ...


class RulesDecider:
    """Both by the policy registry: the decision of record by durable-rules (the policy of
    record today) on the facts the caller's own transaction read, a query's by the
    evaluator for queries, looked up by class (``matcher.rules.classes``: the same decision, worked out
    once per class of equal inputs)."""

    def __init__(
        self,
        registry: PolicyRegistry,
        catalogue: Catalogue,
        vacancy_of: Callable[[str], Vacancy | None],
        clock: Clock,
        log: DecisionLog,
        by_class: bool = True,
    ) -> None:
        """``by_class``: a query's refusal looked up by class (False: explained pair by pair,
        the reference the classes are measured and tested against)."""
        self._by_class = by_class
        self._registry = registry
        self._catalogue = catalogue
        self._vacancy_of = vacancy_of
        self._clock = clock
        self._log = log
        self.classes = RefusalClasses(catalogue)

    def decide_of_record(self, candidate: CandidateSnapshot, vacancy: Vacancy) -> Decision:
        day = self._clock.today()
        decision = decide(self._registry.of_record(day), self._catalogue, candidate, vacancy, day, self._vacancy_of)
        self._log.record(decision, candidate)
        return decision

    def explained(
        self,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        day: date,
        placed_through: Callable[[str], Vacancy | None] | None,
    ) -> Decision:
        evaluator = self._registry.for_queries(day)
        if self._by_class:
            return self.classes.decide(evaluator, candidate, vacancy, day, placed_through)
        return decide(evaluator, self._catalogue, candidate, vacancy, day, placed_through)
