"""Eligibility kept as sets answers exactly what the compiled evaluator answers pair by pair:
for every pair of a generated dataset, on days around every rule's boundaries (ages
turning, certificates expiring, health certificates passing three calendar months (at month
ends too), closures starting
and ending); every list, page by page, in the same order; and after a random sequence of
changes kept current change by change, the same as a fresh build."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.catalogue import default_catalogue
from matcher.clock import WIB, FixedClock
from matcher.nik import Gender
from matcher.paging import PageRequest
from matcher.principal import Principal, Role
from matcher.read_model import Lookups
from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._sets import EligibilitySets, View
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.facts import build_facts
from matcher.rules.months import plus_months
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility import EligibilityService
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.vacancy import EmployerType, Openings, Vacancy, VacancyState
from server.security.pseudonyms import SivPseudonyms
from tests.unit.test_index import every_page

POLICY = load_policy((Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text())
OPERATOR = Principal(Role.OPERATOR, "ops")
# The closure's start (2015-07-01) and the rules' (2026-01-01) are among the days drawn.
BASE = date(2026, 11, 27)
# 30 November and 1 December: the last valid day of a certificate issued on 31 August, and the next.
DAYS = [BASE, date(2025, 12, 31), date(2026, 1, 1), date(2015, 6, 30), date(2015, 7, 1)]
DAYS += [date(2026, 11, 30), date(2026, 12, 1)]
CODES = ("9111", "5322", "7212")


def _near(day: date, rng: random.Random, spread: int = 2) -> date:
    return day + timedelta(days=rng.randint(-spread, spread))


def _candidate(rng: random.Random, i: int) -> CandidateSnapshot:
    """Mostly a candidate some vacancies admit; each fact sometimes at (or past) its rule's
    edge: ages turning 18, 21, 23, 40, 45; certificates' three-year validity or stated
    expiry ending; the health certificate three calendar months old, at a month's end too;
    facts missing."""
    chance = rng.random

    def at_edge(good: date, edge: date) -> date | None:
        return good if chance() < 0.7 else None if chance() < 0.2 else edge

    years = rng.choice((17, 18, 21, 22, 23, 40, 45, 46))
    certificates = tuple(
        CertificateSnapshot(
            f"BNSP-{i}-{k}",
            "Sertifikat",
            rng.choice(CODES),
            at_edge(BASE - timedelta(days=100), _near(BASE.replace(year=BASE.year - 3), rng)),
            None if chance() < 0.7 else _near(BASE, rng),
            chance() < 0.1,
        )
        for k in range(rng.choice((0, 1, 1, 1, 2)))
    )
    return CandidateSnapshot(
        f"c-{i}",
        chance() < 0.85,
        None if chance() < 0.05 else rng.choice((Gender.FEMALE, Gender.FEMALE, Gender.MALE)),
        at_edge(date(1995, 5, 5), _near(BASE.replace(year=BASE.year - years), rng)),
        rng.choice(("1307", "1371", "3201")),
        certificates,
        at_edge(BASE - timedelta(days=30), _near(rng.choice((plus_months(BASE, -3), date(2026, 8, 31))), rng)),
        chance() < 0.9,
        frozenset(),
        chance() < 0.1,
    )


def _vacancy(rng: random.Random, i: int) -> Vacancy:
    """Few distinct values, so that vacancies share shapes and differ in one thing."""
    return Vacancy(
        f"v-{i}",
        "pt-x",
        title="Lowongan",
        occupation_code=rng.choice(CODES),
        country_code=rng.choice(("HK", "HK", "SA", "SG")),
        employer_type=rng.choice((EmployerType.COMPANY, EmployerType.COMPANY, EmployerType.INDIVIDUAL)),
        sector=rng.choice(("domestic", "domestic", "care", "manufacturing")),
        openings=Openings(rng.randint(0, 2), rng.randint(0, 3), rng.randint(0, 1)),
        filled=Openings(rng.randint(0, 1), rng.randint(0, 1), 0),
        min_age=rng.choice((0, 0, 21, 23)),
        max_age=rng.choice((0, 0, 40, 45)),
        posted_date=BASE - timedelta(days=10),
        closing_date=BASE + timedelta(days=30) if rng.random() < 0.8 else rng.choice((BASE - timedelta(days=1), BASE)),
        state=VacancyState.OPEN if rng.random() < 0.85 else VacancyState.CLOSED,
        one_channel=rng.random() < 0.5,
        job_order_reference=rng.choice(("", "JO-1")),
    )


@st.composite
def candidates(draw: st.DrawFn, i: int) -> CandidateSnapshot:
    return _candidate(random.Random(draw(st.integers(0, 2**32))), i)


@st.composite
def vacancies(draw: st.DrawFn, i: int) -> Vacancy:
    return _vacancy(random.Random(draw(st.integers(0, 2**32))), i)


@st.composite
def datasets(draw: st.DrawFn) -> tuple[list[CandidateSnapshot], list[Vacancy]]:
    rng = random.Random(draw(st.integers(0, 2**32)))
    people = [_candidate(rng, i) for i in range(draw(st.integers(1, 30)))]
    posts = [_vacancy(rng, i) for i in range(draw(st.integers(1, 16)))]
    for k, person in enumerate(people):  # some applications in progress: applicants are settled one by one
        if rng.random() < 0.2:
            people[k] = dataclasses.replace(person, active_applications=frozenset({rng.choice(posts).id}))
    return people, posts


class NoLog:
    def record(self, *_: object) -> None:
        """Not under test."""


def _indexes(people: list[CandidateSnapshot], posts: list[Vacancy]) -> tuple[CandidateIndex, VacancyIndex]:
    candidates_, vacancies_ = CandidateIndex(), VacancyIndex()
    for position, person in enumerate(people, 1):
        candidates_.upsert(person, position * 3)
    for position, vacancy in enumerate(posts, 1):
        vacancies_.upsert(vacancy, position * 2)
    return candidates_, vacancies_


def _view(sets: EligibilitySets, day: date, policy: Policy = POLICY) -> View:
    return sets.prepare(day, policy, CompiledEvaluator(policy))


def _service(
    indexes: tuple[CandidateIndex, VacancyIndex], day: date, sets: EligibilitySets | None
) -> EligibilityService:
    registry = PolicyRegistry()
    registry.install([POLICY])
    clock = FixedClock(datetime.combine(day, time(12), tzinfo=WIB))
    return EligibilityService(
        Lookups(*indexes, sets), registry, default_catalogue(), NoLog(), clock, SivPseudonyms(b"k")
    )


def _pairs_agree(sets: EligibilitySets, view: View, indexes: tuple[CandidateIndex, VacancyIndex]) -> None:
    candidates_, vacancies_ = indexes
    evaluator = CompiledEvaluator(view.policy)
    for vacancy in vacancies_.all():
        eligible, applicants = sets.eligible_candidates(view, vacancy.id)
        for person in candidates_.all():
            ordinal = candidates_.ordinal_of(person.candidate_id)
            assert ordinal is not None
            expected = not evaluator.decide(build_facts(person, vacancy, view.policy, view.day))
            if ordinal in applicants:
                continue  # settled one by one by the lists (checked there)
            assert (ordinal in eligible) == expected, (person, vacancy, view.day)


def _every_vacancy_page(svc: EligibilityService, candidate_id: str, size: int) -> list[str]:
    found, after = [], None
    while True:
        page = svc.eligible_vacancies(OPERATOR, candidate_id, PageRequest(size, after))
        found += [v.id for v in page.items]
        if page.next_after is None:
            return found
        after = page.next_after


def _lists_agree(indexes: tuple[CandidateIndex, VacancyIndex], sets: EligibilitySets, day: date) -> None:
    """Every list page by page, and every single check, the same from the sets as pair by pair."""
    from_sets, pair_by_pair = _service(indexes, day, sets), _service(indexes, day, None)
    for vacancy in indexes[1].all():
        for person in indexes[0].all():
            by_set = from_sets.check(OPERATOR, person.candidate_id, vacancy.id)
            by_rules = pair_by_pair.check(OPERATOR, person.candidate_id, vacancy.id)
            assert (by_set.eligible, by_set.reasons) == (by_rules.eligible, by_rules.reasons)
    for vacancy in indexes[1].all():
        for size in (1, 3, 100):
            assert every_page(from_sets, vacancy.id, size) == every_page(pair_by_pair, vacancy.id, size)
    for person in indexes[0].all():
        for size in (1, 100):
            assert _every_vacancy_page(from_sets, person.candidate_id, size) == _every_vacancy_page(
                pair_by_pair, person.candidate_id, size
            )


quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(datasets(), st.sampled_from(DAYS))
def test_every_pair_the_sets_admit_is_what_the_evaluator_admits(
    dataset: tuple[list[CandidateSnapshot], list[Vacancy]], day: date
) -> None:
    indexes = _indexes(*dataset)
    sets = EligibilitySets(*indexes)
    _pairs_agree(sets, _view(sets, day), indexes)


@quick
@given(datasets(), st.sampled_from((BASE, date(2026, 1, 1), date(2026, 1, 2))))
def test_every_list_is_the_pairwise_list_page_by_page(
    dataset: tuple[list[CandidateSnapshot], list[Vacancy]], day: date
) -> None:
    indexes = _indexes(*dataset)
    sets = EligibilitySets(*indexes)
    _view(sets, day)
    _lists_agree(indexes, sets, day)


@quick
@given(datasets(), st.data())
def test_kept_current_change_by_change_as_a_fresh_build(
    dataset: tuple[list[CandidateSnapshot], list[Vacancy]], data: st.DataObject
) -> None:
    people, posts = dataset
    indexes = _indexes(people, posts)
    candidates_, vacancies_ = indexes
    sets = EligibilitySets(*indexes)
    view = _view(sets, BASE)
    for step in range(data.draw(st.integers(1, 12))):
        if data.draw(st.booleans()):
            person = data.draw(candidates(data.draw(st.integers(0, len(people) + 2))))
            position = candidates_.ordinal_of(person.candidate_id) or 1000 + step
            _ordinal, old = candidates_.upsert(person, position)
            sets.candidate_changed(person.candidate_id, old)
        else:
            vacancy = data.draw(vacancies(data.draw(st.integers(0, len(posts) + 2))))
            vacancies_.upsert(vacancy, vacancies_.ordinal_of(vacancy.id) or 1000 + step)
            sets.vacancy_changed(vacancy.id)
    _pairs_agree(sets, view, indexes)
    fresh = EligibilitySets(*indexes)
    fresh_view = _view(fresh, BASE)
    for vacancy in vacancies_.all():
        assert sets.eligible_candidates(view, vacancy.id) == fresh.eligible_candidates(fresh_view, vacancy.id)
    _lists_agree(indexes, sets, BASE)
