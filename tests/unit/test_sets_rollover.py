"""The day turns and a policy is activated while lists are being asked: no call fails, each
answer is the pair-by-pair answer of one day under one policy version, tomorrow's sets are
ready before midnight, and a new policy's sets replace the old ones once built."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from matcher.catalogue import default_catalogue
from matcher.clock import WIB, FixedClock
from matcher.paging import PageRequest
from matcher.principal import Principal, Role
from matcher.read_model import Lookups
from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._keeping import keep_current
from matcher.read_model._sets import EligibilitySets
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility import CandidateFilter, EligibilityService
from server.security.pseudonyms import SivPseudonyms
from server.seed import synthetic

DOCUMENT = (Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text()
POLICY = load_policy(DOCUMENT)
STRICT = load_policy(DOCUMENT.replace('"default": 18', '"default": 35').replace(POLICY.version, "2026.12-ketat"))
OPERATOR = Principal(Role.OPERATOR, "ops")
# 23:30 WIB: within the hour before midnight, when tomorrow's sets are made.
LATE = datetime(2026, 11, 27, 23, 30, tzinfo=WIB)


class NoLog:
    def record(self, *_: object) -> None:
        """Not under test."""


@dataclasses.dataclass
class World:
    candidates: CandidateIndex
    vacancies: VacancyIndex
    registry: PolicyRegistry
    clock: FixedClock
    sets: EligibilitySets

    def keep_current(self) -> None:
        keep_current(self.sets, self.registry, self.clock)

    def service(self, with_sets: bool = True) -> EligibilityService:
        reads = Lookups(self.candidates, self.vacancies, self.sets if with_sets else None)
        return EligibilityService(reads, self.registry, default_catalogue(), NoLog(), self.clock, SivPseudonyms(b"k"))


@pytest.fixture
def world() -> Iterator[World]:
    candidates, vacancies = CandidateIndex(), VacancyIndex()
    for position, person in enumerate(synthetic.candidates(2000, LATE.date()), 1):
        # Birthdays at midnight: some turn 21 or 23 as the day turns.
        born = person.birth_date.replace(month=11, day=28) if person.birth_date and position % 5 == 0 else None
        candidates.upsert(dataclasses.replace(person, birth_date=born or person.birth_date), position)
    for position, vacancy in enumerate(synthetic.vacancies(60, LATE.date()), 1):
        vacancies.upsert(vacancy, position)
    registry = PolicyRegistry()
    registry.install([POLICY])
    clock = FixedClock(LATE)
    sets = EligibilitySets(candidates, vacancies)
    keep_current(sets, registry, clock)
    yield World(candidates, vacancies, registry, clock, sets)
    registry.close()


def _answers(svc: EligibilityService, world: World) -> tuple[list[list[str]], list[list[str]]]:
    everyone = CandidateFilter()
    lists = [
        [c.candidate.candidate_id for c in svc.eligible_candidates(OPERATOR, v.id, everyone, PageRequest(50)).items]
        for v in world.vacancies.all()[:20]
    ]
    people = [c for c in world.candidates.all() if c.verified][:20]
    offers = [[v.id for v in svc.eligible_vacancies(OPERATOR, p.candidate_id, PageRequest(20)).items] for p in people]
    return lists, offers


def test_tomorrows_sets_are_ready_before_midnight_and_the_day_turns_under_load(world: World) -> None:
    tomorrow = LATE.date() + timedelta(days=1)
    assert world.sets.view(tomorrow, POLICY) is not None, "made ahead, within the hour before midnight"
    from_sets = world.service()
    failures: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                _answers(from_sets, world)
            except BaseException as error:  # every failure is reported, none swallowed
                failures.append(error)
                return

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for asker in askers:
        asker.start()
    time.sleep(0.2)
    world.clock.advance(timedelta(hours=1))  # 00:30 WIB: the next day
    time.sleep(0.2)
    stop.set()
    for asker in askers:
        asker.join()
    assert failures == []
    assert _answers(from_sets, world) == _answers(world.service(with_sets=False), world), "the new day's answers"
    world.keep_current()
    assert [v.day for v in world.sets.views] == [tomorrow], "yesterday's sets are dropped"


def test_an_activated_policy_answers_from_its_own_sets_once_they_are_built(world: World) -> None:
    from_sets, pair_by_pair = world.service(), world.service(with_sets=False)
    before = _answers(from_sets, world)
    world.registry.install([POLICY, STRICT])
    # Not built yet: answered pair by pair under the new version, never from the old sets.
    assert world.sets.view(LATE.date(), world.registry.policy_on(LATE.date())) is None
    strict_answers = _answers(pair_by_pair, world)
    assert _answers(from_sets, world) == strict_answers != before
    world.keep_current()
    assert world.sets.view(LATE.date(), world.registry.policy_on(LATE.date())) is not None
    assert _answers(from_sets, world) == strict_answers
    assert {v.version for v in world.sets.views} == {STRICT.version}
