"""ListRemedies: each step the refusals name, with the open vacancies it alone would open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.principal import Principal, require_candidate_self
from matcher.remedies import REGISTRATION_STEPS, Remedy, after, registration_step, remedy_for
from matcher.rules.facts import build_facts
from matcher.rules.policy import Policy
from matcher.services.eligibility.parts import Parts
from matcher.snapshots import CandidateSnapshot, unknown_candidate
from matcher.vacancy import Vacancy, VacancyState


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


class ListRemedies:
    def __init__(self, parts: Parts) -> None:
        self._parts = parts

    def remedies(self, caller: Principal, candidate_id: str) -> RemedyReport:
        """Each step the reasons on open vacancies name (the same steps, the same words), with
        the open vacancies it alone would make them eligible for today (for an age, from the
        day it is reached): the registration's own step first while it is not verified (even
        when no vacancy opens on it alone), then the step opening the most first. A step that
        opens nothing alone is still listed: it is needed together with others."""
        require_candidate_self(caller, candidate_id, f"candidates/{candidate_id}")
        p = self._parts
        day = p.clock.today()
        policy = p.registry.policy_on(day)
        evaluator = p.registry.compiled(day)
        candidate = p.reads.candidate(candidate_id) or unknown_candidate(candidate_id)
        groups = self._alike(day, policy, candidate)
        refusals = [evaluator.decide(build_facts(candidate, rep, policy, day)) for rep, _ in groups]
        now = [not codes for codes in refusals]
        steps: dict[tuple[object, ...], Remedy] = {}
        if not candidate.verified:
            first = registration_step(candidate)
            steps[(first.kind, first.occupation_code, first.from_date)] = first
        for (rep, _), codes in zip(groups, refusals, strict=True):
            for code in codes:
                remedy = remedy_for(code, candidate, rep, policy.min_age_for(rep, day), p.catalogue, day)
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
            opened.sort(key=lambda v: -(p.reads.vacancy_ordinal(v.id) or 0))
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
        reads = self._parts.reads
        view = self._parts.reads.view(day, policy)
        applied = candidate.active_applications
        if view is None:
            open_ = (v for _, v in reads.newest_first(reads.open_vacancies()))
            return [(v, [v]) for v in open_ if v.id not in applied]
        groups = []
        for shape in view.listed:
            members = [reads.vacancy_at(o) for o in shape.vacancies]
            members = [v for v in members if v.state is VacancyState.OPEN and v.id not in applied]
            if members:
                groups.append((shape.representative, members))
        return groups
