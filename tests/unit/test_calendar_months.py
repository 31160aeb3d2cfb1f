"""Three calendar months from the issue date: the date arithmetic at the month ends, and the
health certificate's rule at its edges, the same in the compiled evaluator, in durable-rules
and in the sets."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.nik import Gender
from matcher.read_model import CandidateIndex, EligibilitySets, VacancyIndex
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.conditions import ConditionError, MonthsAfter, parse
from matcher.rules.durable import DurableEvaluator
from matcher.rules.facts import build_facts
from matcher.rules.months import plus_months
from matcher.rules.policy_loader import PolicyError, load_policy
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.vacancy import EmployerType, Openings, Vacancy, VacancyState
from tests.unit.test_rules import ELIGIBLE

DOCUMENT = (Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text()
POLICY = load_policy(DOCUMENT)
CODE = "HEALTH_CERTIFICATE_TOO_OLD"


def months_later_by_hand(day: date, months: int) -> date:
    """The oracle: the same day of the month N months on, stepping back a day until it exists."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    for day_of_month in range(day.day, 0, -1):
        try:
            return date(year, month, day_of_month)
        except ValueError:
            continue
    raise AssertionError("every month has a first day")


# -- the arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "months", "expected"),
    [
        (date(2025, 8, 31), 3, date(2025, 11, 30)),  # 31 November is 30 November
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # a leap year's February
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2025, 12, 31), 3, date(2026, 3, 31)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),  # across the year
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_a_date_plus_months_is_the_month_end_when_the_day_does_not_exist(
    issued: date, months: int, expected: date
) -> None:
    assert plus_months(issued, months) == expected


def month_ends(first_year: int, last_year: int) -> st.SearchStrategy[date]:
    """The last day of a month, where adding months is not adding a count of days."""
    return st.builds(
        lambda year, month: date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1),
        st.integers(first_year, last_year),
        st.integers(1, 12),
    )


DATES = st.dates(date(1950, 1, 1), date(2100, 12, 31)) | month_ends(1950, 2100)
# Days the shipped rule is in force on (from 2017-11-22).
RULE_DATES = st.dates(date(2018, 1, 1), date(2100, 12, 31)) | month_ends(2018, 2100)


@settings(max_examples=2000)
@given(DATES, st.integers(-36, 36))
def test_plus_months_is_the_same_day_or_the_months_last(day: date, months: int) -> None:
    later = plus_months(day, months)
    assert later == months_later_by_hand(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@settings(max_examples=1000)
@given(DATES)
def test_three_calendar_months_are_89_to_92_days(day: date) -> None:
    assert 89 <= (plus_months(day, 3) - day).days <= 92


@settings(max_examples=1000)
@given(DATES, DATES)
def test_a_later_issue_is_never_valid_for_less_long(first: date, second: date) -> None:
    earlier, later = sorted((first, second))
    assert plus_months(earlier, 3) <= plus_months(later, 3)


def test_the_calendar_ends_hold() -> None:
    assert plus_months(date.max, 3) == date.max
    assert plus_months(date.min, -3) == date.min


# -- the grammar -----------------------------------------------------------------------


def test_months_after_parses_between_date_facts() -> None:
    condition = parse({"gt": ["reference_day", {"months_after": ["health_certificate_issued_day", 3]}]})
    assert condition.operand == MonthsAfter("health_certificate_issued_day", 3)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw",
    [
        {"gt": ["age", {"months_after": ["health_certificate_issued_day", 3]}]},  # age is no date
        {"gt": ["reference_day", {"months_after": ["age", 3]}]},
        {"gt": ["reference_day", {"months_after": ["health_certificate_issued_day", 0]}]},
        {"gt": ["reference_day", {"months_after": ["health_certificate_issued_day", 1201]}]},
        {"gt": ["reference_day", {"months_after": ["health_certificate_issued_day", "3"]}]},
        {"gt": ["reference_day", {"months_after": ["health_certificate_issued_day"]}]},
        {"gt": ["reference_day", {"months_after": ["health_certificate_issued_day", 3], "fact": "age"}]},
    ],
)
def test_months_after_outside_the_grammar_is_refused(raw: dict[str, Any]) -> None:
    with pytest.raises(ConditionError):
        parse(raw)


def test_a_policy_with_a_bad_months_after_names_the_rule() -> None:
    document = json.loads(DOCUMENT)
    document["rules"][0]["when"] = {"gt": ["reference_day", {"months_after": ["age", 3]}]}
    with pytest.raises(PolicyError) as refused:
        load_policy(json.dumps(document))
    assert any("rules[0].when" in p for p in refused.value.problems)


# -- the rule at its edges, in the three evaluators ----------------------------------------


COMPILED = CompiledEvaluator(POLICY)
DURABLE = DurableEvaluator(POLICY)
ISSUES = [
    date(2026, 8, 31),
    date(2026, 8, 30),
    date(2026, 8, 29),
    date(2026, 8, 28),
    date(2026, 11, 28),
    date(2026, 11, 29),
    date(2026, 11, 30),
    date(2027, 11, 29),
    date(2027, 11, 30),
    date(2026, 12, 31),
    date(2026, 10, 31),
    date(2026, 9, 30),
]


def edges() -> list[tuple[date, date]]:
    """Each issue date against the last day it is valid on and the day after, and around them."""
    return [(issued, plus_months(issued, 3) + timedelta(days=shift)) for issued in ISSUES for shift in (-1, 0, 1, 2)]


def _facts(issued: date | None, day: date) -> dict[str, Any]:
    return ELIGIBLE | {
        "health_certificate_issued_day": issued.toordinal() if issued else 1,
        "health_certificate_age_days": (day - issued).days if issued else 100_000,
        "reference_day": day.toordinal(),
    }


@pytest.mark.parametrize(("issued", "day"), edges(), ids=lambda d: d.isoformat())
def test_the_rule_at_its_edges_in_both_engines(issued: date, day: date) -> None:
    expected = [CODE] if day > plus_months(issued, 3) else []
    facts = _facts(issued, day)
    assert COMPILED.decide(facts) == expected
    assert DURABLE.decide(facts) == expected


def test_the_last_valid_day_of_an_end_of_august_certificate_is_30_november() -> None:
    issued = date(2026, 8, 31)
    for engine in (COMPILED, DURABLE):
        assert engine.decide(_facts(issued, date(2026, 11, 30))) == []
        assert engine.decide(_facts(issued, date(2026, 12, 1))) == [CODE]


def test_no_health_certificate_is_always_too_old() -> None:
    for engine in (COMPILED, DURABLE):
        assert engine.decide(_facts(None, date(2026, 11, 27))) == [CODE]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RULE_DATES, st.integers(-3, 3))
def test_both_engines_count_three_calendar_months(issued: date, shift: int) -> None:
    day = plus_months(issued, 3) + timedelta(days=shift)
    expected = [CODE] if shift > 0 else []
    assert COMPILED.decide(_facts(issued, day)) == expected
    assert DURABLE.decide(_facts(issued, day)) == expected


# -- and in the sets ---------------------------------------------------------------------


def _candidate(i: int, issued: date | None) -> CandidateSnapshot:
    certificate = CertificateSnapshot(f"BNSP-{i}", "Pekerja Rumah Tangga", "9111", date(2026, 1, 5), None)
    return CandidateSnapshot(
        f"c-{i}",
        True,
        Gender.FEMALE,
        date(1995, 5, 5),
        "3201",
        (certificate,),
        issued,
        True,
    )


def _vacancy(day: date) -> Vacancy:
    return Vacancy(
        "v-1",
        "pt-x",
        title="House Worker",
        occupation_code="9111",
        country_code="HK",
        employer_type=EmployerType.COMPANY,
        sector="domestic",
        openings=Openings(0, 5, 0),
        posted_date=day - timedelta(days=10),
        closing_date=day + timedelta(days=800),
        state=VacancyState.OPEN,
    )


def test_the_sets_agree_with_both_engines_on_every_day_around_the_edges() -> None:
    """One build per day from the same buckets (keyed by the issue date, untouched as the days pass)."""
    people = [_candidate(i, issued) for i, issued in enumerate([*ISSUES, None])]
    candidates, vacancies = CandidateIndex(), VacancyIndex()
    for position, person in enumerate(people, 1):
        candidates.upsert(person, position)
    days = sorted({day for _, day in edges()})
    vacancy = _vacancy(days[0])
    vacancies.upsert(vacancy, 1)
    sets = EligibilitySets(candidates, vacancies)
    for day in days:
        view = sets.prepare(day, POLICY, COMPILED)
        eligible, _applicants = sets.eligible_candidates(view, vacancy.id)
        for person in people:
            facts = build_facts(person, vacancy, POLICY, day)
            compiled, by_durable = COMPILED.decide(facts), DURABLE.decide(facts)
            ordinal = candidates.ordinal_of(person.candidate_id)
            assert ordinal is not None
            assert compiled == by_durable, (person.health_issue_date, day)
            assert (ordinal in eligible) == (not compiled), (person.health_issue_date, day)
            valid_through = plus_months(person.health_issue_date, 3) if person.health_issue_date else None
            assert (CODE in compiled) == (valid_through is None or day > valid_through)
