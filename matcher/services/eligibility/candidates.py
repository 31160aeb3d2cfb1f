"""ListEligibleCandidates and its stream and standing query: who fits a vacancy, as its
P3MI (or an operator) may see them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pyroaring import BitMap

from matcher.disclosure import Disclosure, EligibleCandidate
from matcher.nik import age_on
from matcher.paging import Page, PageRequest
from matcher.principal import Principal, Role, require_role
from matcher.read_model import View
from matcher.rules.facts import build_facts, candidate_facts
from matcher.rules.policy import Policy
from matcher.services.eligibility.parts import CandidateFilter, Parts, Standing
from matcher.snapshots import CandidateSnapshot, unknown_candidate
from matcher.vacancy import Vacancy

# Stands in for "any candidate" when only a vacancy's own facts are read.
_NOBODY = unknown_candidate("")


class EligibleCandidates:
    def __init__(self, parts: Parts, disclosure: Disclosure) -> None:
        self._parts = parts
        self._disclosure = disclosure

    def list(
        self, caller: Principal, vacancy_id: str, where: CandidateFilter, page: PageRequest
    ) -> Page[EligibleCandidate]:
        """Verified candidates who fit, in a stable order; the vacancy's P3MI (or an operator) only."""
        vacancy = self.vacancy_to_screen(caller, vacancy_id)
        day = self._parts.clock.today()
        policy = self._parts.registry.policy_on(day)
        after = int(page.after[0]) if page.after else -1
        found: list[EligibleCandidate] = []
        ages = bool(where.min_age or where.max_age)
        for ordinal, candidate in self._walk(vacancy, where, after, day, policy):
            if ages:
                age = age_on(candidate.birth_date, day) if candidate.birth_date else 0
                if age < where.min_age or (where.max_age and age > where.max_age):
                    continue
            found.append(self._disclosure.entry(caller, candidate, vacancy, policy.certificate_validity_years, day))
            if len(found) == page.size:
                return Page(found, (str(ordinal),))
        return Page(found)

    def now(self, caller: Principal, vacancy_id: str) -> Standing:
        """Positions of every candidate eligible for a vacancy today (its P3MI or an operator)."""
        vacancy = self.vacancy_to_screen(caller, vacancy_id)
        day = self._parts.clock.today()
        policy = self._parts.registry.policy_on(day)
        walked = self._walk(vacancy, CandidateFilter(), -1, day, policy)
        return Standing(BitMap(ordinal for ordinal, _ in walked), day, policy.version)

    def as_seen(self, caller: Principal, ordinal: int) -> str:
        """The name ``caller`` knows the candidate at ``ordinal`` by."""
        return self._disclosure.name(caller, self._parts.reads.candidate_at(ordinal))

    def vacancy_to_screen(self, caller: Principal, vacancy_id: str) -> Vacancy:
        """A vacancy whose candidates ``caller`` may screen: its P3MI's, or any for an operator."""
        require_role(caller, Role.P3MI, Role.OPERATOR)
        vacancy = self._parts.vacancy(vacancy_id)
        if caller.role is Role.P3MI:
            vacancy.check_owner(caller.subject)
        return vacancy

    def _walk(
        self, vacancy: Vacancy, where: CandidateFilter, after: int, day: date, policy: Policy
    ) -> Iterator[tuple[int, CandidateSnapshot]]:
        """The vacancy's eligible candidates after ``after``, in order: from the ready sets of the
        day, pair by pair without them."""
        view = self._parts.reads.view(day, policy)
        if view is not None:
            return self._from_sets(view, vacancy, where, after)
        return self._pair_by_pair(vacancy, where, after, day)

    def _from_sets(
        self, view: View, vacancy: Vacancy, where: CandidateFilter, after: int
    ) -> Iterator[tuple[int, CandidateSnapshot]]:
        """The shape's eligible candidates (its applicants settled one by one), narrowed by
        gender and region as bitmaps, in registration order."""
        reads = self._parts.reads
        eligible, applicants = reads.eligible_candidates(view, vacancy.id)
        for ordinal in applicants:
            candidate = reads.candidate_at(ordinal)
            if not view.evaluator.decide(build_facts(candidate, vacancy, view.policy, view.day)):
                eligible.add(ordinal)
        if where.gender is not None:
            eligible &= reads.of_gender(where.gender)
        if where.region_prefix:
            eligible &= reads.in_regions(where.region_prefix)
        return reads.candidates_in_order(eligible, after)

    def _pair_by_pair(
        self, vacancy: Vacancy, where: CandidateFilter, after: int, day: date
    ) -> Iterator[tuple[int, CandidateSnapshot]]:
        p = self._parts
        policy = p.registry.policy_on(day)
        evaluator = p.registry.for_queries(day)
        compiled = p.registry.compiled(day)
        if compiled.refuses_every_candidate(build_facts(_NOBODY, vacancy, policy, day)):
            return
        holders = p.reads.verified_holders(vacancy.occupation_code, where.gender)
        for ordinal, candidate in p.reads.candidates_in_order(holders, after):
            if not candidate.regency_code.startswith(where.region_prefix):
                continue
            # Rules on the candidate alone (remembered per snapshot and day) rule many out
            # before the pair's facts are built.
            if compiled.refuses_every_vacancy(candidate_facts(candidate, day)):
                continue
            if evaluator.decide(build_facts(candidate, vacancy, policy, day)):
                continue
            yield ordinal, candidate
