"""What the eligibility queries read from the read model, named for what they ask.

The use cases hold a ``Lookups``, never the indexes or the sets: each method is the index's
or the sets' own, bound once here (no extra call on the hot paths), so the package keeps its
insides private while the queries read at the indexes' speed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pyroaring import BitMap

from matcher.nik import Gender
from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._sets import EligibilitySets, View
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.policy import Policy
from matcher.snapshots import CandidateSnapshot


class Lookups:
    def __init__(self, candidates: CandidateIndex, vacancies: VacancyIndex, sets: EligibilitySets | None) -> None:
        self._candidates, self._sets = candidates, sets
        # Candidates: by id, by position, positions in registration order.
        self.candidate = candidates.get
        self.candidate_at = candidates.at
        self.candidate_ordinal = candidates.ordinal_of
        self.candidates_in_order = candidates.in_order
        self.verified_holders = candidates.verified_holders
        # Vacancies: by id, by position, newest first, the open ones.
        self.vacancy = vacancies.get
        self.vacancy_at = vacancies.at
        self.vacancy_ordinal = vacancies.ordinal_of
        self.company_of = vacancies.company_of
        self.newest_first = vacancies.newest_first
        self.open_vacancies = vacancies.open_ordinals
        self.open_for = vacancies.open_for
        # The ready sets of a day under a policy, or None (then pair by pair).
        self.view: Callable[[date, Policy], View | None] = sets.view if sets is not None else _no_view

    def of_gender(self, gender: Gender) -> BitMap:
        """Positions of the candidates recorded with ``gender``."""
        return self._candidates.attributes.by_gender(gender.value)

    def in_regions(self, prefix: str) -> BitMap:
        """Positions of the candidates whose regency code starts with ``prefix``."""
        return self._candidates.attributes.in_regions(prefix)

    def eligible_candidates(self, view: View, vacancy_id: str) -> tuple[BitMap, BitMap]:
        """From ``view``: the eligible non-applicants of a vacancy, and its applicants."""
        assert self._sets is not None  # a view comes from the sets
        return self._sets.eligible_candidates(view, vacancy_id)

    def eligible_vacancies(self, view: View, candidate: CandidateSnapshot) -> BitMap:
        """From ``view``: the vacancies whose shape admits ``candidate``."""
        assert self._sets is not None
        return self._sets.eligible_vacancies(view, candidate)


def _no_view(_day: date, _policy: Policy) -> View | None:
    return None
