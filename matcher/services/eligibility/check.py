"""CheckEligibility and BatchCheckEligibility: one answer per pair, as the caller may be told it."""

from __future__ import annotations

from datetime import date

from matcher.disclosure import Disclosure
from matcher.errors import FieldViolation, PermissionDenied, Reason, invalid_fields, not_found
from matcher.principal import Principal, Role, require_candidate_self
from matcher.rules.decision import Decision, admitted
from matcher.rules.policy import Policy
from matcher.services.eligibility.decider import Decider
from matcher.services.eligibility.parts import Parts
from matcher.snapshots import CandidateSnapshot, unknown_candidate
from matcher.text import Text
from matcher.vacancy import Vacancy

MAX_BATCH = 1000


class CheckEligibility:
    def __init__(self, parts: Parts, disclosure: Disclosure, decider: Decider) -> None:
        self._parts = parts
        self._disclosure = disclosure
        self._decider = decider

    def check(self, caller: Principal, candidate_id: str, vacancy_id: str, day: date | None = None) -> Decision:
        """One answer (the compiled evaluator; Apply takes the decision of record). A P3MI
        asking about a candidate who has not applied to it (named by id or by the pseudonym
        it was given) is told only about its own vacancy's rules."""
        if caller.role is not Role.P3MI:  # before the vacancy: a stranger learns nothing at all
            require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
            return self._decide(caller, candidate_id, self._parts.vacancy(vacancy_id), day)[0]
        vacancy = self._parts.vacancy(vacancy_id)
        if caller.subject != vacancy.company_id:  # vacancies are public: refused, not hidden
            raise PermissionDenied(
                Reason.NOT_YOUR_RESOURCE,
                Text(
                    id="P3MI hanya dapat menyaring calon untuk lowongannya sendiri",
                    en="A P3MI can only screen candidates for its own vacancies",
                ),
            )
        pseudonym = candidate_id if candidate_id.startswith("~") else ""
        if pseudonym:
            candidate_id = self._disclosure.candidate_named(caller, pseudonym)
            if not candidate_id:
                raise not_found(f"candidates/{pseudonym}")
        decision, candidate = self._decide(caller, candidate_id, vacancy, day)
        return self._disclosure.decision(caller, decision, candidate, pseudonym)

    def check_batch(self, caller: Principal, pairs: list[tuple[str, str, date | None]]) -> list[Decision]:
        if len(pairs) > MAX_BATCH:
            raise invalid_fields(
                [FieldViolation("requests", Text(f"paling banyak {MAX_BATCH} pasangan", f"at most {MAX_BATCH} pairs"))]
            )
        # One reading of the clock: the whole batch is answered as of one day.
        today = self._parts.clock.today()
        return [self.check(caller, c, v, d or today) for c, v, d in pairs]  # each under its caller's disclosure

    def why_not(self, caller: Principal, candidate_ordinal: int, vacancy_ordinal: int) -> Decision | None:
        """The refusal of a pair that left a standing query, as ``caller`` may be told it
        (None when the candidate or the vacancy is gone)."""
        try:
            candidate = self._parts.reads.candidate_at(candidate_ordinal)
            vacancy = self._parts.reads.vacancy_at(vacancy_ordinal)
        except KeyError:
            return None
        return self.check(caller, candidate.candidate_id, vacancy.id)

    def _decide(
        self, caller: Principal, candidate_id: str, vacancy: Vacancy, day: date | None
    ) -> tuple[Decision, CandidateSnapshot]:
        """The decision (logged with the real candidate) and the snapshot it was made on; the
        caller was checked by ``check``."""
        p = self._parts
        candidate = p.reads.candidate(candidate_id)
        if candidate is None:
            if caller.role is not Role.CANDIDATE:
                raise not_found(f"candidates/{candidate_id}/registration")
            candidate = unknown_candidate(candidate_id)
        day = day or p.clock.today()
        policy = p.registry.policy_on(day)
        if self._in_sets(candidate, vacancy, day, policy):
            decision = admitted(candidate.candidate_id, vacancy, policy.version, day)
        else:  # a refusal is explained rule by rule
            # A P3MI is not told through which other company's vacancy a candidate is placed.
            placed_through = None if caller.role is Role.P3MI else p.reads.vacancy
            decision = self._decider.explained(candidate, vacancy, day, placed_through)
        p.log.record(decision, candidate)
        return decision, candidate

    def _in_sets(self, candidate: CandidateSnapshot, vacancy: Vacancy, day: date, policy: Policy) -> bool:
        """Whether the ready sets of ``day`` admit the pair (an applicant is always decided
        by the rules: whether they already applied is not in the sets)."""
        view = self._parts.reads.view(day, policy)
        if view is None or vacancy.id in candidate.active_applications:
            return False
        shape, ordinal = view.shape(vacancy.id), self._parts.reads.candidate_ordinal(candidate.candidate_id)
        return shape is not None and ordinal is not None and ordinal in shape.eligible
