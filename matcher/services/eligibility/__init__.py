"""\"Can this candidate apply?\": the eligibility queries, one handler per thing they do
(check, eligible vacancies, eligible candidates, remedies), over shared ``Parts``; what a
P3MI may see is ``matcher.disclosure``'s, the decision of record the ``Decider``'s.

``EligibilityService`` only puts the handlers together for the servicer."""

from __future__ import annotations

from matcher.catalogue import Catalogue
from matcher.disclosure import Disclosure, EligibleCandidate
from matcher.ports import Clock, DecisionLog, Pseudonyms
from matcher.principal import Principal
from matcher.read_model import Lookups
from matcher.rules.decision import Decision
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility.candidates import EligibleCandidates
from matcher.services.eligibility.check import MAX_BATCH, CheckEligibility
from matcher.services.eligibility.decider import Decider, RulesDecider
from matcher.services.eligibility.parts import CandidateFilter, Parts, Standing
from matcher.services.eligibility.remedies import ListRemedies, RemedyOption, RemedyReport
from matcher.services.eligibility.vacancies import EligibleVacancies
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy

__all__ = [
    "MAX_BATCH",
    "CandidateFilter",
    "Decider",
    "EligibilityService",
    "EligibleCandidate",
    "RemedyOption",
    "RemedyReport",
    "RulesDecider",
    "Standing",
]


class EligibilityService:
    def __init__(
        self,
        reads: Lookups,
        registry: PolicyRegistry,
        catalogue: Catalogue,
        log: DecisionLog,
        clock: Clock,
        pseudonyms: Pseudonyms,
        decider: Decider | None = None,
    ) -> None:
        parts = Parts(reads, registry, catalogue, log, clock)
        disclosure = Disclosure(pseudonyms, reads.company_of)
        self._parts = parts
        self.decider: Decider = decider or RulesDecider(registry, catalogue, reads.vacancy, clock, log)
        # The handlers' own methods, bound here (no extra call on CheckEligibility's hot path).
        checking = CheckEligibility(parts, disclosure, self.decider)
        fitting, fit = EligibleVacancies(parts), EligibleCandidates(parts, disclosure)
        self.check = checking.check
        self.check_batch = checking.check_batch
        self.why_not = checking.why_not
        self.eligible_vacancies = fitting.list
        self.vacancies_now = fitting.now
        self.eligible_candidates = fit.list
        self.candidates_now = fit.now
        self.remedies = ListRemedies(parts).remedies
        self._as_seen = fit.as_seen

    def decide_for_apply(self, candidate: CandidateSnapshot, vacancy: Vacancy) -> Decision:
        """The decision of record Apply is taken under (the decider port)."""
        return self.decider.decide_of_record(candidate, vacancy)

    def as_seen(self, caller: Principal, ordinal: int, vacancy: Vacancy) -> str:
        """The name ``caller`` knows the candidate at ``ordinal`` by (a P3MI: a pseudonym
        until they apply to it)."""
        return self._as_seen(caller, ordinal)

    def vacancy_at(self, ordinal: int) -> Vacancy:
        return self._parts.reads.vacancy_at(ordinal)

    def vacancy_ordinal(self, vacancy_id: str) -> int | None:
        return self._parts.reads.vacancy_ordinal(vacancy_id)

    def candidate_ordinal(self, candidate_id: str) -> int | None:
        return self._parts.reads.candidate_ordinal(candidate_id)

    def policy_version(self) -> str:
        """The version deciding today."""
        return self._parts.registry.policy_on(self._parts.clock.today()).version

    def vacancy(self, vacancy_id: str) -> Vacancy:
        """A vacancy as the index holds it, or NotFound."""
        return self._parts.vacancy(vacancy_id)
