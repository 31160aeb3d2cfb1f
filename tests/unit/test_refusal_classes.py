"""Refusals looked up by class (issue 26) answer exactly what the pair-by-pair path answers:
the same eligible flag, the same reasons in the same order with the same words, facts,
legal basis and remedies, the same next step and placement note. For generated candidates
and vacancies (those of the sets' differential test, with registrations in every state,
certificates waiting for verification, placements and applications), on days around the
rules' edges, asked again after the class is kept, asked for another candidate of equal
values, and after the vacancy, the candidate, the policy or the day changed; and through
the service, batch by batch, as an operator, a P3MI and a candidate ask."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.catalogue import default_catalogue
from matcher.clock import WIB, FixedClock
from matcher.principal import Principal, Role
from matcher.read_model import CandidateIndex, EligibilitySets, Lookups, VacancyIndex
from matcher.rules.classes import (
    CANDIDATE_READ,
    CANDIDATE_UNREAD,
    VACANCY_READ,
    VACANCY_UNREAD,
    RefusalClasses,
)
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.decision import Decision, decide, decision_of
from matcher.rules.durable import DurableEvaluator
from matcher.rules.registry import PolicyRegistry
from matcher.services.eligibility import EligibilityService, RulesDecider
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot, Placement
from matcher.vacancy import Money, Openings, Vacancy, VacancyState
from server.security.pseudonyms import SivPseudonyms
from tests.unit.test_eligibility_sets import DAYS, OPERATOR, POLICY, NoLog, _candidate, _vacancy, datasets, vacancies

CATALOGUE = default_catalogue()
COMPILED = CompiledEvaluator(POLICY)
REGISTRATIONS = ("", "draft", "submitted", "rejected", "verified")


def same_decision(a: Decision, b: Decision) -> bool:
    """Equal but for the decision id."""
    return replace(a, decision_id=b.decision_id) == b


def _person(rng: random.Random, i: int, posts: list[Vacancy]) -> CandidateSnapshot:
    """The sets' candidate, and what only the words read: the registration's state,
    certificates sent with it, a placement (here or through another vacancy), applications."""
    person = _candidate(rng, i)
    changes: dict[str, Any] = {"registration": "verified" if person.verified else rng.choice(REGISTRATIONS)}
    if not person.verified and rng.random() < 0.5:  # sent with the registration, not verified yet
        pending = CertificateSnapshot(f"BNSP-P-{i}", "Pekerja Rumah Tangga", rng.choice(("9111", "5322")), None, None)
        changes["certificates"], changes["pending_certificates"] = (), (pending,)
    if rng.random() < 0.15:
        through = rng.choice(posts)
        changes["in_active_placement"] = True
        changes["placement"] = Placement(through.id, rng.random() < 0.5)
        changes["active_applications"] = frozenset({through.id})
    elif rng.random() < 0.2:
        changes["active_applications"] = frozenset({rng.choice(posts).id})
    return replace(person, **changes)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[CandidateSnapshot], list[Vacancy], date, random.Random]:
    rng = random.Random(draw(st.integers(0, 2**32)))
    posts = [_vacancy(rng, i) for i in range(draw(st.integers(1, 8)))]
    for k, post in enumerate(posts):  # titles and companies the words name
        posts[k] = replace(
            post,
            title=rng.choice(("Lowongan", "Juru Las", "")),
            company_display_name="PT X",
            city=rng.choice(("", "Jeddah")),
        )
    people = [_person(rng, i, posts) for i in range(draw(st.integers(1, 12)))]
    return people, posts, draw(st.sampled_from(DAYS)), rng


def _changed_vacancies(vacancy: Vacancy, day: date) -> list[Vacancy]:
    """The same vacancy (same id), each time with one thing a rule or a message reads changed."""
    changes: list[dict[str, Any]] = [
        {"filled": Openings(vacancy.openings.male, vacancy.openings.female, vacancy.openings.either)},
        {"openings": Openings(0, 0, 0)},
        {"title": vacancy.title + " Baru"},
        {"city": "Riyadh"},
        {"company_display_name": "PT Y"},
        {"occupation_code": "9111" if vacancy.occupation_code != "9111" else "7212"},
        {"country_code": "SA" if vacancy.country_code != "SA" else "HK"},
        {"min_age": vacancy.min_age + 3},
        {"max_age": 30},
        {"closing_date": day - timedelta(days=1)},
        {"state": VacancyState.CLOSED if vacancy.state is VacancyState.OPEN else VacancyState.OPEN},
        {"one_channel": not vacancy.one_channel},
        {"job_order_reference": "" if vacancy.job_order_reference else "JO-9"},
    ]
    return [replace(vacancy, **change) for change in changes]


def _changed_candidates(person: CandidateSnapshot) -> list[CandidateSnapshot]:
    changes: list[dict[str, Any]] = [
        {"verified": not person.verified},
        {"has_bpjs": not person.has_bpjs},
        {"health_issue_date": None},
        {"birth_date": date(2009, 3, 1)},
        {"gender": None},
        {"certificates": ()},
        {"pending_certificates": ()},
        {"registration": "rejected"},
        {"placement": None, "in_active_placement": False},
    ]
    if person.placement is not None:
        changes.append({"placement": replace(person.placement, pp_verified=not person.placement.pp_verified)})
    return [replace(person, **change) for change in changes]


def _check(classes: RefusalClasses, person: CandidateSnapshot, post: Vacancy, day: date, by_id: Any) -> Decision:
    expected = decide(COMPILED, CATALOGUE, person, post, day, by_id)
    found = classes.decide(COMPILED, person, post, day, by_id)
    assert same_decision(found, expected), (person, post, day)
    assert found.decision_id != expected.decision_id
    return found


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_a_class_answers_what_the_pair_answers(world: tuple[list[CandidateSnapshot], list[Vacancy], date, Any]) -> None:
    people, posts, day, rng = world
    classes = RefusalClasses(CATALOGUE, confirm_every=0)  # every second answer from the class alone
    by_id = {p.id: p for p in posts}
    for person in people:
        for post in posts:
            for placed_through in (by_id.get, None):  # a P3MI is not told where she is placed
                _check(classes, person, post, day, placed_through)
                _check(classes, person, post, day, placed_through)  # from the class now
            twin = replace(person, candidate_id=person.candidate_id + "-twin", nik="x", revision=9)
            assert _check(classes, twin, post, day, by_id.get).candidate_id == twin.candidate_id
            for changed in _changed_vacancies(post, day):
                _check(classes, person, changed, day, {**by_id, post.id: changed}.get)
            for other in _changed_candidates(person):
                _check(classes, other, post, day, by_id.get)
            _check(classes, person, post, day + timedelta(days=rng.choice((1, 31, 365))), by_id.get)
    assert classes.hits > 0


def test_another_policy_of_the_same_version_is_another_class() -> None:
    """A version re-activated with another document decides under the new document."""
    rng = random.Random(4)
    person, post = replace(_candidate(rng, 1), certificates=()), _vacancy(rng, 1)
    reworded = replace(
        POLICY,
        document=POLICY.document + " ",
        rules=tuple(
            replace(r, text=replace(r.text, en="Reworded"), variants=()) if r.code == "CERTIFICATE_MISMATCH" else r
            for r in POLICY.rules
        ),
    )
    classes = RefusalClasses(CATALOGUE, confirm_every=0)
    first = classes.decide(COMPILED, person, post, DAYS[0])
    assert "CERTIFICATE_MISMATCH" in first.codes
    again = classes.decide(CompiledEvaluator(reworded), person, post, DAYS[0])
    assert same_decision(again, decide(CompiledEvaluator(reworded), CATALOGUE, person, post, DAYS[0]))
    assert next(r for r in again.reasons if r.code == "CERTIFICATE_MISMATCH").text.en == "Reworded"


def test_durable_rules_and_the_compiled_evaluator_share_the_classes_of_one_policy() -> None:
    """The class is the policy's, not the evaluator's: both give the same codes."""
    rng = random.Random(7)
    durable = DurableEvaluator(POLICY)
    try:
        classes = RefusalClasses(CATALOGUE, confirm_every=1)
        for i in range(40):
            person, post = _candidate(rng, i), _vacancy(rng, i)
            classes.decide(COMPILED, person, post, DAYS[0])
            found = classes.decide(durable, person, post, DAYS[0])
            assert same_decision(found, decide(durable, CATALOGUE, person, post, DAYS[0]))
        assert classes.confirmed == 40 and classes.disagreements == 0
    finally:
        durable.close()


def test_a_sample_is_decided_again_and_a_wrong_class_is_replaced() -> None:
    rng = random.Random(5)
    person, post = replace(_candidate(rng, 1), certificates=()), _vacancy(rng, 1)
    classes = RefusalClasses(CATALOGUE, confirm_every=2)
    right = classes.decide(COMPILED, person, post, DAYS[0])
    assert not right.eligible
    [key] = classes._answers
    classes._answers[key] = (True, (), right.policy_version, right.reference_date, None, None)  # planted
    assert classes.decide(COMPILED, person, post, DAYS[0]).eligible  # not sampled: the class answers
    confirmed = classes.decide(COMPILED, person, post, DAYS[0])
    assert same_decision(confirmed, right) and classes.disagreements == 1
    assert same_decision(classes.decide(COMPILED, person, post, DAYS[0]), right)  # the class replaced


def test_the_classes_kept_are_bounded() -> None:
    rng = random.Random(6)
    classes = RefusalClasses(CATALOGUE, limit=50, confirm_every=0)
    posts = [_vacancy(rng, i) for i in range(20)]
    for i in range(30):
        person = _candidate(rng, i)
        for post in posts:
            _check(classes, person, post, DAYS[0], None)
    assert len(classes) == 50


def test_every_field_is_read_or_named_unread() -> None:
    """A field added to a vacancy or a candidate is part of the class until it is named unread."""
    assert {f.name for f in fields(Vacancy)} == set(VACANCY_READ) | VACANCY_UNREAD
    assert not set(VACANCY_READ) & VACANCY_UNREAD
    assert {f.name for f in fields(CandidateSnapshot)} == set(CANDIDATE_READ) | CANDIDATE_UNREAD


def _other(value: object) -> Any:
    """Another value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 5
    if isinstance(value, str):
        return value + "-lain"
    if isinstance(value, Money):
        return Money("SAR", value.units + 100)
    if isinstance(value, datetime):
        return value + timedelta(days=3)
    if isinstance(value, date | type(None)):
        return date(2020, 2, 2) if value is None else value - timedelta(days=400)
    raise AssertionError(f"no other value for {value!r}")


@settings(max_examples=60, deadline=None)
@given(worlds())
def test_what_is_named_unread_changes_no_decision(
    world: tuple[list[CandidateSnapshot], list[Vacancy], date, Any],
) -> None:
    """Every field named unread, changed, leaves the decision as it was (the candidate's
    applications: but for this vacancy's)."""
    people, posts, day, _rng = world
    for person in people:
        unread_candidate = {
            n: _other(getattr(person, n)) for n in CANDIDATE_UNREAD - {"candidate_id", "active_applications"}
        }
        others = [replace(person, **unread_candidate)]
        others.append(replace(person, active_applications=person.active_applications | {"v-elsewhere"}))
        for post in posts:
            unread = replace(post, **{n: _other(getattr(post, n)) for n in VACANCY_UNREAD})
            expected = decide(COMPILED, CATALOGUE, person, post, day)
            for other in others:
                assert same_decision(decide(COMPILED, CATALOGUE, other, unread, day), expected)


def test_a_decision_made_at_once_equals_the_dataclass() -> None:
    day = DAYS[0]
    quick = decision_of("d", "c", "v", False, (), "p", day, "co")
    assert quick == Decision("d", "c", "v", False, (), "p", day, "co")
    assert vars(quick) == {f.name: getattr(quick, f.name) for f in dataclasses.fields(Decision)}


def _services(
    people: list[CandidateSnapshot], posts: list[Vacancy], day: date
) -> tuple[list[EligibilityService], list[Vacancy]]:
    candidates, vacancies = CandidateIndex(), VacancyIndex()
    for position, person in enumerate(people, 1):
        candidates.upsert(person, position)
    for position, post in enumerate(posts, 1):
        vacancies.upsert(replace(post, company_id=f"pt-{position % 2}"), position)
    registry = PolicyRegistry()
    registry.install([POLICY])
    clock = FixedClock(datetime.combine(day, time(12), tzinfo=WIB))
    sets = EligibilitySets(candidates, vacancies)
    sets.prepare(day, POLICY, registry.compiled(day))
    found = []
    for decider in (None, RulesDecider(registry, CATALOGUE, vacancies.get, clock, NoLog(), by_class=False)):
        reads = Lookups(candidates, vacancies, sets)
        found.append(EligibilityService(reads, registry, CATALOGUE, NoLog(), clock, SivPseudonyms(b"k"), decider))
    return found, vacancies.all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_a_batch_answers_what_it_answered_pair_by_pair(
    world: tuple[list[CandidateSnapshot], list[Vacancy], date, Any],
) -> None:
    """Through the service, as BatchCheckEligibility asks: an operator, each vacancy's P3MI
    (screened answers) and each candidate about herself, every pair twice in one batch."""
    people, posts, day, _rng = world
    day = day if POLICY.covers(day) else DAYS[0]  # the clock's day: one the policy covers
    (by_class, by_pairs), indexed = _services(people, posts, day)
    askers = [(OPERATOR, [p.candidate_id for p in people])]
    askers += [(Principal(Role.P3MI, f"pt-{k}"), [p.candidate_id for p in people]) for k in (0, 1)]
    askers += [(Principal(Role.CANDIDATE, p.candidate_id), [p.candidate_id]) for p in people]
    for caller, ids in askers:
        posts_asked = [v for v in indexed if caller.role is not Role.P3MI or v.company_id == caller.subject]
        once: list[tuple[str, str, date | None]] = [(c, v.id, None) for c in ids for v in posts_asked]
        pairs = once * 2
        for found, expected in zip(
            by_class.check_batch(caller, pairs), by_pairs.check_batch(caller, pairs), strict=True
        ):
            assert same_decision(found, expected), (caller, found.candidate_id, found.vacancy_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), st.data())
def test_a_vacancy_s_shape_is_the_one_its_shape_key_names(
    dataset: tuple[list[CandidateSnapshot], list[Vacancy]], data: st.DataObject
) -> None:
    """The check's look-up by vacancy (``View.shape``) and the shapes by key agree, built
    whole and after vacancies changed one by one (moving between shapes, emptying some)."""
    people, posts = dataset
    candidates, vacancies_ = CandidateIndex(), VacancyIndex()
    for position, person in enumerate(people, 1):
        candidates.upsert(person, position)
    for position, post in enumerate(posts, 1):
        vacancies_.upsert(post, position)
    sets = EligibilitySets(candidates, vacancies_)
    view = sets.prepare(DAYS[0], POLICY, COMPILED)
    for step in range(data.draw(st.integers(0, 10))):
        vacancy = data.draw(vacancies(data.draw(st.integers(0, len(posts) + 1))))
        vacancies_.upsert(vacancy, vacancies_.ordinal_of(vacancy.id) or 1000 + step)
        sets.vacancy_changed(vacancy.id)
    for vacancy in vacancies_.all():
        assert view.shape(vacancy.id) is view.shapes[view.algebra.key(vacancy, view.day)]
