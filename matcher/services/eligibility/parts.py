"""What every eligibility query reads: the read model's lookups, the rules, the clock and log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pyroaring import BitMap

from matcher.catalogue import Catalogue
from matcher.errors import not_found
from matcher.nik import Gender
from matcher.ports import Clock, DecisionLog
from matcher.read_model import Lookups
from matcher.rules.registry import PolicyRegistry
from matcher.vacancy import Vacancy


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
class Parts:
    reads: Lookups
    registry: PolicyRegistry
    catalogue: Catalogue
    log: DecisionLog
    clock: Clock

    def vacancy(self, vacancy_id: str) -> Vacancy:
        """A vacancy as the index holds it, or NotFound."""
        vacancy = self.reads.vacancy(vacancy_id)
        if vacancy is None:
            raise not_found(f"vacancies/{vacancy_id}")
        return vacancy
