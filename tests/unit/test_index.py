"""The in-memory index: lists agree whichever engine decides, pages neither skip nor repeat,
and an update moves a candidate between bitmaps."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from matcher.catalogue import default_catalogue
from matcher.clock import FixedClock
from matcher.paging import PageRequest
from matcher.principal import Principal, Role
from matcher.read_model import Lookups
from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility import CandidateFilter, EligibilityService
from server.security.pseudonyms import SivPseudonyms
from server.seed import synthetic

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
POLICY = load_policy((Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text())
OPERATOR = Principal(Role.OPERATOR, "ops")


class NoLog:
    def record(self, *_: object) -> None:
        """Not under test."""


@pytest.fixture(scope="module")
def indexes() -> tuple[CandidateIndex, VacancyIndex]:
    candidates, vacancies = CandidateIndex(), VacancyIndex()
    # Positions as the database numbers them: with gaps, not in the order of the ids.
    for position, snapshot in zip(range(7000, 1, -2), synthetic.candidates(3000, NOW.date()), strict=False):
        candidates.upsert(snapshot, position)
    for position, vacancy in zip(range(500, 1, -3), synthetic.vacancies(60, NOW.date()), strict=False):
        vacancies.upsert(vacancy, position)
    return candidates, vacancies


def service(indexes: tuple[CandidateIndex, VacancyIndex], *, all_durable: bool) -> EligibilityService:
    registry = PolicyRegistry(all_durable=all_durable)
    registry.install([POLICY])
    reads = Lookups(*indexes, None)
    return EligibilityService(reads, registry, default_catalogue(), NoLog(), FixedClock(NOW), SivPseudonyms(b"k"))


def every_page(svc: EligibilityService, vacancy_id: str, size: int) -> list[str]:
    found, after = [], None
    while True:
        page = svc.eligible_candidates(OPERATOR, vacancy_id, CandidateFilter(), PageRequest(size, after))
        found += [c.candidate.candidate_id for c in page.items]
        if page.next_after is None:
            return found
        after = page.next_after


def test_durable_and_compiled_list_the_same_candidates(indexes: tuple[CandidateIndex, VacancyIndex]) -> None:
    mixed, durable = service(indexes, all_durable=False), service(indexes, all_durable=True)
    for vacancy in indexes[1].all()[:20]:
        assert every_page(mixed, vacancy.id, 1000) == every_page(durable, vacancy.id, 1000)


def test_pages_neither_skip_nor_repeat(indexes: tuple[CandidateIndex, VacancyIndex]) -> None:
    svc = service(indexes, all_durable=False)
    busiest = max(indexes[1].all(), key=lambda v: len(every_page(svc, v.id, 1000)))
    whole = every_page(svc, busiest.id, 1000)
    assert len(whole) > 50
    assert every_page(svc, busiest.id, 7) == whole


def test_every_listed_candidate_is_eligible_on_a_single_check(indexes: tuple[CandidateIndex, VacancyIndex]) -> None:
    svc = service(indexes, all_durable=False)
    vacancy = indexes[1].all()[0]
    for candidate_id in every_page(svc, vacancy.id, 1000)[:50]:
        assert svc.check(OPERATOR, candidate_id, vacancy.id).eligible


def test_an_update_moves_a_candidate_between_bitmaps() -> None:
    index = CandidateIndex()
    person = next(c for c in synthetic.candidates(20, NOW.date()) if c.certificates)
    index.upsert(person, 7)
    code = person.certificates[0].occupation_code
    assert len(index.verified_holders(code)) == 1
    index.upsert(dataclasses.replace(person, certificates=()), 7)
    assert len(index.verified_holders(code)) == 0
    index.upsert(dataclasses.replace(person, verified=False), 7)
    assert len(index.verified_holders(code)) == 0 and len(index) == 1
