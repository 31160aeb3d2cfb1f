"""ListEligibleVacancies and its stream and standing query: the vacancies a candidate fits."""

from __future__ import annotations

from collections.abc import Iterator

from pyroaring import BitMap

from matcher.paging import Page, PageRequest
from matcher.principal import Principal, require_candidate_self
from matcher.rules.facts import build_facts
from matcher.services.eligibility.parts import Parts, Standing
from matcher.vacancy import Vacancy


class EligibleVacancies:
    def __init__(self, parts: Parts) -> None:
        self._parts = parts

    def list(self, caller: Principal, candidate_id: str, page: PageRequest) -> Page[Vacancy]:
        """Open vacancies the candidate can apply to now, newest first: from the eligibility
        sets when today's are ready, pair by pair otherwise (the same answer)."""
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        before = int(page.after[0]) if page.after else None
        found: list[Vacancy] = []
        for ordinal, vacancy in self._walk(candidate_id, before):
            found.append(vacancy)
            if len(found) == page.size:
                return Page(found, (str(ordinal),))
        return Page(found)

    def now(self, caller: Principal, candidate_id: str) -> Standing:
        """Positions of every vacancy the candidate is eligible for today (a standing query's
        current answer), with the day and policy version it was worked out under."""
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        day = self._parts.clock.today()
        policy = self._parts.registry.policy_on(day)
        return Standing(BitMap(ordinal for ordinal, _ in self._walk(candidate_id, None)), day, policy.version)

    def _walk(self, candidate_id: str, before: int | None) -> Iterator[tuple[int, Vacancy]]:
        """The vacancies (with their positions) the candidate fits today below ``before``,
        newest first; none for a candidate not verified."""
        p = self._parts
        day = p.clock.today()
        candidate = p.reads.candidate(candidate_id)
        if candidate is None or not candidate.verified:
            return iter(())
        policy = p.registry.policy_on(day)
        evaluator = p.registry.for_queries(day)
        view = p.reads.view(day, policy)
        if view is not None:
            ordinals = p.reads.eligible_vacancies(view, candidate)
            for vacancy_id in candidate.active_applications:  # settled one by one
                ordinal = p.reads.vacancy_ordinal(vacancy_id)
                vacancy = p.reads.vacancy(vacancy_id)
                if ordinal is None or vacancy is None or ordinal not in ordinals:
                    continue
                if evaluator.decide(build_facts(candidate, vacancy, policy, day)):
                    ordinals.discard(ordinal)
            return p.reads.newest_first(ordinals, before)
        ordinals = p.reads.open_for(c.occupation_code for c in candidate.certificates)
        first = next(p.reads.newest_first(ordinals), None)
        if first and p.registry.compiled(day).refuses_every_vacancy(build_facts(candidate, first[1], policy, day)):
            return iter(())
        return (
            (ordinal, vacancy)
            for ordinal, vacancy in p.reads.newest_first(ordinals, before)
            if not evaluator.decide(build_facts(candidate, vacancy, policy, day))
        )
