"""\"Can this candidate apply?\": single and batch decisions, and the lists built on them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pyroaring import BitMap

from matcher.catalogue import Catalogue
from matcher.errors import FieldViolation, PermissionDenied, Reason, invalid_fields, not_found
from matcher.nik import Gender, age_on
from matcher.paging import Page, PageRequest
from matcher.ports import Clock, DecisionLog, Pseudonyms
from matcher.principal import Principal, Role, require_candidate_self, require_role
from matcher.read_model import CandidateIndex, EligibilitySets, VacancyIndex, View
from matcher.remedies import REGISTRATION_STEPS, Remedy, after, registration_step, remedy_for
from matcher.rules.decision import Decision, admitted, decide
from matcher.rules.facts import build_facts, candidate_facts
from matcher.rules.policy import Policy
from matcher.rules.registry import PolicyRegistry
from matcher.screening import age_band, has_applied_to, screened, valid_occupations
from matcher.snapshots import CandidateSnapshot, unknown_candidate
from matcher.text import Text
from matcher.vacancy import Vacancy, VacancyState

MAX_BATCH = 1000
# List entries remembered as callers saw them; past it the table starts afresh.
MAX_REMEMBERED_ENTRIES = 500_000
# Stands in for "any candidate" when only a vacancy's own facts are read.
_NOBODY = unknown_candidate("")


@dataclass(frozen=True)
class CandidateFilter:
    gender: Gender | None = None
    region_prefix: str = ""
    min_age: int = 0
    max_age: int = 0


@dataclass(frozen=True)
class Standing:
    """A standing query's answer now: positions, on a day, under a policy version."""

    members: BitMap
    day: date
    policy_version: str


@dataclass(frozen=True)
class RemedyOption:
    remedy: Remedy
    opened: int
    # Up to five of the vacancies it opens, newest first.
    vacancies: tuple[Vacancy, ...]


@dataclass(frozen=True)
class RemedyReport:
    options: tuple[RemedyOption, ...]
    policy_version: str
    # The one step to take first (the first option): the registration's own while the Dinas
    # has not verified it, the step opening the most otherwise.
    next_step: Remedy | None = None


@dataclass(frozen=True)
class EligibleCandidate:
    """One eligible candidate as the caller may see them: a P3MI sees a candidate who has
    not applied to it pseudonymously (no id, exact age or certificate number)."""

    candidate: CandidateSnapshot
    shown_id: str
    age: int
    age_band: str
    certificate_number: str
    occupation_codes: tuple[str, ...]
    pseudonymous: bool


class EligibilityService:
    def __init__(
        self,
        candidates: CandidateIndex,
        vacancies: VacancyIndex,
        registry: PolicyRegistry,
        catalogue: Catalogue,
        log: DecisionLog,
        clock: Clock,
        pseudonyms: Pseudonyms,
        sets: EligibilitySets | None = None,
    ) -> None:
        self._sets = sets
        self._pseudonyms = pseudonyms
        self._seen: dict[tuple[object, ...], EligibleCandidate] = {}
        self._candidates = candidates
        self._vacancies = vacancies
        self._registry = registry
        self._catalogue = catalogue
        self._log = log
        self._clock = clock

    def check(self, caller: Principal, candidate_id: str, vacancy_id: str, day: date | None = None) -> Decision:
        """One answer (the compiled evaluator; Apply takes the decision of record). A P3MI
        asking about a candidate who has not applied to it (named by id or by the pseudonym
        it was given) is told only about its own vacancy's rules."""
        if caller.role is not Role.P3MI:  # before the vacancy: a stranger learns nothing at all
            require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
            return self._decide(caller, candidate_id, self._vacancy(vacancy_id), day)[0]
        vacancy = self._vacancy(vacancy_id)
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
            candidate_id = self._pseudonyms.candidate_for(caller.subject, pseudonym) or ""
            if not candidate_id:
                raise not_found(f"candidates/{pseudonym}")
        decision, candidate = self._decide(caller, candidate_id, vacancy, day)
        if has_applied_to(candidate, caller.subject, self._vacancies.company_of):
            return decision
        return screened(decision, pseudonym or self._pseudonyms.name_for(caller.subject, candidate_id))

    def check_batch(self, caller: Principal, pairs: list[tuple[str, str, date | None]]) -> list[Decision]:
        if len(pairs) > MAX_BATCH:
            raise invalid_fields(
                [FieldViolation("requests", Text(f"paling banyak {MAX_BATCH} pasangan", f"at most {MAX_BATCH} pairs"))]
            )
        return [self.check(caller, c, v, d) for c, v, d in pairs]  # a P3MI is screened here too

    def decide_for_apply(self, candidate: CandidateSnapshot, vacancy: Vacancy) -> Decision:
        """The decision of record Apply is taken under, by durable-rules, on the facts the
        application's own transaction read (the caller was checked by the use case)."""
        day = self._clock.today()
        decision = decide(self._registry.of_record(day), self._catalogue, candidate, vacancy, day, self._vacancies.get)
        self._log.record(decision, candidate)
        return decision

    def eligible_vacancies(self, caller: Principal, candidate_id: str, page: PageRequest) -> Page[Vacancy]:
        """Open vacancies the candidate can apply to now, newest first: from the eligibility
        sets when today's are ready, pair by pair otherwise (the same answer)."""
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        before = int(page.after[0]) if page.after else None
        return self._first_vacancies(self._vacancy_walk(candidate_id, before), page.size)

    def _vacancy_walk(self, candidate_id: str, before: int | None) -> Iterator[tuple[int, Vacancy]]:
        """The vacancies (with their positions) the candidate fits today below ``before``,
        newest first; none for a candidate not verified."""
        day = self._clock.today()
        candidate = self._candidates.get(candidate_id)
        if candidate is None or not candidate.verified:
            return iter(())
        policy = self._registry.policy_on(day)
        evaluator = self._registry.for_queries(day)
        view = self._sets.view(day, policy) if self._sets is not None else None
        if view is not None and self._sets is not None:
            ordinals = self._sets.eligible_vacancies(view, candidate)
            for vacancy_id in candidate.active_applications:  # settled one by one
                ordinal = self._vacancies.ordinal_of(vacancy_id)
                vacancy = self._vacancies.get(vacancy_id)
                if ordinal is None or vacancy is None or ordinal not in ordinals:
                    continue
                if evaluator.decide(build_facts(candidate, vacancy, policy, day)):
                    ordinals.discard(ordinal)
            return self._vacancies.newest_first(ordinals, before)
        ordinals = self._vacancies.open_for(c.occupation_code for c in candidate.certificates)
        first = next(self._vacancies.newest_first(ordinals), None)
        if first and self._registry.compiled(day).refuses_every_vacancy(build_facts(candidate, first[1], policy, day)):
            return iter(())
        return (
            (ordinal, vacancy)
            for ordinal, vacancy in self._vacancies.newest_first(ordinals, before)
            if not evaluator.decide(build_facts(candidate, vacancy, policy, day))
        )

    @staticmethod
    def _first_vacancies(walked: Iterator[tuple[int, Vacancy]], size: int) -> Page[Vacancy]:
        found: list[Vacancy] = []
        for ordinal, vacancy in walked:
            found.append(vacancy)
            if len(found) == size:
                return Page(found, (str(ordinal),))
        return Page(found)

    def eligible_candidates(
        self, caller: Principal, vacancy_id: str, where: CandidateFilter, page: PageRequest
    ) -> Page[EligibleCandidate]:
        """Verified candidates who fit, in a stable order; the vacancy's P3MI (or an operator) only."""
        vacancy = self._screened_vacancy(caller, vacancy_id)
        day = self._clock.today()
        policy = self._registry.policy_on(day)
        after = int(page.after[0]) if page.after else -1
        walked = self._walk(vacancy, where, after, day, policy)
        found: list[EligibleCandidate] = []
        ages = bool(where.min_age or where.max_age)
        for ordinal, candidate in walked:
            if ages:
                age = age_on(candidate.birth_date, day) if candidate.birth_date else 0
                if age < where.min_age or (where.max_age and age > where.max_age):
                    continue
            found.append(self._as_seen_by(caller, candidate, vacancy, policy.certificate_validity_years, day))
            if len(found) == page.size:
                return Page(found, (str(ordinal),))
        return Page(found)

    def _screened_vacancy(self, caller: Principal, vacancy_id: str) -> Vacancy:
        """A vacancy whose candidates ``caller`` may screen: its P3MI's, or any for an operator."""
        require_role(caller, Role.P3MI, Role.OPERATOR)
        vacancy = self._vacancy(vacancy_id)
        if caller.role is Role.P3MI:
            vacancy.check_owner(caller.subject)
        return vacancy

    def _walk(
        self, vacancy: Vacancy, where: CandidateFilter, after: int, day: date, policy: Policy
    ) -> Iterator[tuple[int, CandidateSnapshot]]:
        """The vacancy's eligible candidates after ``after``, in order: from the ready sets of the
        day, pair by pair without them."""
        view = self._sets.view(day, policy) if self._sets is not None else None
        if view is not None:
            return self._from_sets(view, vacancy, where, after)
        return self._pair_by_pair(vacancy, where, after, day)

    def _from_sets(
        self, view: View, vacancy: Vacancy, where: CandidateFilter, after: int
    ) -> Iterator[tuple[int, CandidateSnapshot]]:
        """The shape's eligible candidates (its applicants settled one by one), narrowed by
        gender and region as bitmaps, in registration order."""
        assert self._sets is not None
        eligible, applicants = self._sets.eligible_candidates(view, vacancy.id)
        for ordinal in applicants:
            candidate = self._candidates.at(ordinal)
            if not view.evaluator.decide(build_facts(candidate, vacancy, view.policy, view.day)):
                eligible.add(ordinal)
        attributes = self._candidates.attributes
        if where.gender is not None:
            eligible &= attributes.by_gender(where.gender.value)
        if where.region_prefix:
            eligible &= attributes.in_regions(where.region_prefix)
        return self._candidates.in_order(eligible, after)

    def _pair_by_pair(
        self, vacancy: Vacancy, where: CandidateFilter, after: int, day: date
    ) -> Iterator[tuple[int, CandidateSnapshot]]:
        policy = self._registry.policy_on(day)
        evaluator = self._registry.for_queries(day)
        compiled = self._registry.compiled(day)
        if compiled.refuses_every_candidate(build_facts(_NOBODY, vacancy, policy, day)):
            return
        holders = self._candidates.verified_holders(vacancy.occupation_code, where.gender)
        for ordinal, candidate in self._candidates.in_order(holders, after):
            if not candidate.regency_code.startswith(where.region_prefix):
                continue
            # Rules on the candidate alone (remembered per snapshot and day) rule many out
            # before the pair's facts are built.
            if compiled.refuses_every_vacancy(candidate_facts(candidate, day)):
                continue
            if evaluator.decide(build_facts(candidate, vacancy, policy, day)):
                continue
            yield ordinal, candidate

    def _as_seen_by(
        self, caller: Principal, candidate: CandidateSnapshot, vacancy: Vacancy, validity: int, day: date
    ) -> EligibleCandidate:
        """The entry as ``caller`` sees it, made once per snapshot, occupation, day and viewer
        (a P3MI's view of one who has not applied to it is its own), so a reply can reuse
        the entry's prepared bytes."""
        pseudonymous = self._hidden_from(caller, candidate)
        key = (id(candidate), vacancy.occupation_code, day, validity, caller.subject if pseudonymous else "")
        found = self._seen.get(key)
        if found is not None and found.candidate is candidate:
            return found
        if len(self._seen) >= MAX_REMEMBERED_ENTRIES:
            self._seen.clear()
        age = age_on(candidate.birth_date, day) if candidate.birth_date else 0
        made = self._seen[key] = self._seen_entry(caller, candidate, vacancy, age, validity, day, pseudonymous)
        return made

    def _seen_entry(
        self,
        caller: Principal,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        age: int,
        validity: int,
        day: date,
        pseudonymous: bool,
    ) -> EligibleCandidate:
        occupations = valid_occupations(candidate, day, validity)
        if pseudonymous:
            shown = self._pseudonyms.name_for(caller.subject, candidate.candidate_id)
            return EligibleCandidate(candidate, shown, 0, age_band(age), "", occupations, True)
        fitting = next(
            (c.bnsp_number for c in candidate.certificates if c.occupation_code == vacancy.occupation_code), ""
        )
        return EligibleCandidate(candidate, candidate.candidate_id, age, age_band(age), fitting, occupations, False)

    # -- standing queries and remedies ---------------------------------------------------

    def vacancies_now(self, caller: Principal, candidate_id: str) -> Standing:
        """Positions of every vacancy the candidate is eligible for today (a standing query's
        current answer), with the day and policy version it was worked out under."""
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        day = self._clock.today()
        policy = self._registry.policy_on(day)
        return Standing(BitMap(ordinal for ordinal, _ in self._vacancy_walk(candidate_id, None)), day, policy.version)

    def candidates_now(self, caller: Principal, vacancy_id: str) -> Standing:
        """Positions of every candidate eligible for a vacancy today (its P3MI or an operator)."""
        vacancy = self._screened_vacancy(caller, vacancy_id)
        day = self._clock.today()
        policy = self._registry.policy_on(day)
        walked = self._walk(vacancy, CandidateFilter(), -1, day, policy)
        return Standing(BitMap(ordinal for ordinal, _ in walked), day, policy.version)

    def as_seen(self, caller: Principal, ordinal: int, vacancy: Vacancy) -> str:
        """The name ``caller`` knows the candidate at ``ordinal`` by (a P3MI: a pseudonym
        until they apply to it)."""
        candidate = self._candidates.at(ordinal)
        if self._hidden_from(caller, candidate):
            return self._pseudonyms.name_for(caller.subject, candidate.candidate_id)
        return candidate.candidate_id

    def why_not(self, caller: Principal, candidate_ordinal: int, vacancy_ordinal: int) -> Decision | None:
        """The refusal of a pair that left a standing query, as ``caller`` may be told it
        (None when the candidate or the vacancy is gone)."""
        try:
            candidate, vacancy = self._candidates.at(candidate_ordinal), self._vacancies.at(vacancy_ordinal)
        except KeyError:
            return None
        return self.check(caller, candidate.candidate_id, vacancy.id)

    def _hidden_from(self, caller: Principal, candidate: CandidateSnapshot) -> bool:
        """Whether ``caller`` is a P3MI the candidate has no application in progress with."""
        return caller.role is Role.P3MI and not has_applied_to(candidate, caller.subject, self._vacancies.company_of)

    def remedies(self, caller: Principal, candidate_id: str) -> RemedyReport:
        """Each step the reasons on open vacancies name (the same steps, the same words), with
        the open vacancies it alone would make them eligible for today (for an age, from the
        day it is reached): the registration's own step first while it is not verified (even
        when no vacancy opens on it alone), then the step opening the most first. A step that
        opens nothing alone is still listed: it is needed together with others."""
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        day = self._clock.today()
        policy = self._registry.policy_on(day)
        evaluator = self._registry.compiled(day)
        candidate = self._candidates.get(candidate_id) or unknown_candidate(candidate_id)
        groups = self._alike(day, policy, candidate)
        refusals = [evaluator.decide(build_facts(candidate, rep, policy, day)) for rep, _ in groups]
        now = [not codes for codes in refusals]
        steps: dict[tuple[object, ...], Remedy] = {}
        if not candidate.verified:
            first = registration_step(candidate)
            steps[(first.kind, first.occupation_code, first.from_date)] = first
        for (rep, _), codes in zip(groups, refusals, strict=True):
            for code in codes:
                remedy = remedy_for(code, candidate, rep, policy.min_age_for(rep, day), self._catalogue, day)
                if remedy is not None:
                    steps.setdefault((remedy.kind, remedy.occupation_code, remedy.from_date), remedy)
        options = []
        for remedy in steps.values():
            changed, on = after(remedy, candidate, day)
            opened = [
                vacancy
                for (rep, members), eligible in zip(groups, now, strict=True)
                if not eligible and not evaluator.decide(build_facts(changed, rep, policy, on))
                for vacancy in members
            ]
            opened.sort(key=lambda v: -(self._vacancies.ordinal_of(v.id) or 0))
            options.append(RemedyOption(remedy, len(opened), tuple(opened[:5])))
        options.sort(
            key=lambda o: (
                o.remedy.kind not in REGISTRATION_STEPS,
                -o.opened,
                o.remedy.kind.value,
                o.remedy.occupation_code,
            )
        )
        return RemedyReport(tuple(options), policy.version, options[0].remedy if options else None)

    def _alike(self, day: date, policy: Policy, candidate: CandidateSnapshot) -> list[tuple[Vacancy, list[Vacancy]]]:
        """The open vacancies the candidate has not applied to, grouped so that one vacancy of
        a group decides for all (a shape of the ready sets; each vacancy alone otherwise)."""
        view = self._sets.view(day, policy) if self._sets is not None else None
        applied = candidate.active_applications
        if view is None:
            open_ = (v for _, v in self._vacancies.newest_first(self._vacancies.open_ordinals()))
            return [(v, [v]) for v in open_ if v.id not in applied]
        groups = []
        for shape in view.listed:
            members = [self._vacancies.at(o) for o in shape.vacancies]
            members = [v for v in members if v.state is VacancyState.OPEN and v.id not in applied]
            if members:
                groups.append((shape.representative, members))
        return groups

    def eligible_as(self, candidate: CandidateSnapshot, vacancy_id: str, day: date) -> bool:
        """Whether ``candidate`` as given (which may differ from the stored snapshot: a step
        taken, a what-if) fits the vacancy on ``day`` under the policy of that day."""
        vacancy = self._vacancy(vacancy_id)
        policy = self._registry.policy_on(day)
        return not self._registry.compiled(day).decide(build_facts(candidate, vacancy, policy, day))

    def vacancy_at(self, ordinal: int) -> Vacancy:
        return self._vacancies.at(ordinal)

    def vacancy_ordinal(self, vacancy_id: str) -> int | None:
        return self._vacancies.ordinal_of(vacancy_id)

    def candidate_ordinal(self, candidate_id: str) -> int | None:
        return self._candidates.ordinal_of(candidate_id)

    def policy_version(self) -> str:
        """The version deciding today."""
        return self._registry.policy_on(self._clock.today()).version

    def _decide(
        self, caller: Principal, candidate_id: str, vacancy: Vacancy, day: date | None
    ) -> tuple[Decision, CandidateSnapshot]:
        """The decision (logged with the real candidate) and the snapshot it was made on; the
        caller was checked by ``check``."""
        candidate = self._candidates.get(candidate_id)
        if candidate is None:
            if caller.role is not Role.CANDIDATE:
                raise not_found(f"candidates/{candidate_id}/registration")
            candidate = unknown_candidate(candidate_id)
        day = day or self._clock.today()
        policy = self._registry.policy_on(day)
        if self._in_sets(candidate, vacancy, day, policy):
            decision = admitted(candidate.candidate_id, vacancy, policy.version, day)
        else:  # a refusal is explained rule by rule
            # A P3MI is not told through which other company's vacancy a candidate is placed.
            placed_through = None if caller.role is Role.P3MI else self._vacancies.get
            decision = decide(self._registry.for_queries(day), self._catalogue, candidate, vacancy, day, placed_through)
        self._log.record(decision, candidate)
        return decision, candidate

    def _in_sets(self, candidate: CandidateSnapshot, vacancy: Vacancy, day: date, policy: Policy) -> bool:
        """Whether the ready sets of ``day`` admit the pair (an applicant is always decided
        by the rules: whether they already applied is not in the sets)."""
        view = self._sets.view(day, policy) if self._sets is not None else None
        if view is None or vacancy.id in candidate.active_applications:
            return False
        shape, ordinal = view.shape(vacancy.id), self._candidates.ordinal_of(candidate.candidate_id)
        return shape is not None and ordinal is not None and ordinal in shape.eligible

    def vacancy(self, vacancy_id: str) -> Vacancy:
        """A vacancy as the index holds it, or NotFound."""
        return self._vacancy(vacancy_id)

    def _vacancy(self, vacancy_id: str) -> Vacancy:
        vacancy = self._vacancies.get(vacancy_id)
        if vacancy is None:
            raise not_found(f"vacancies/{vacancy_id}")
        return vacancy
