"""Every reason fires alone and together, in durable-rules and in the compiled evaluator alike."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.rules.schema import InvalidFacts

POLICY_FILE = Path(__file__).resolve().parents[2] / "matcher" / "rules" / "policies" / "default.json"

ELIGIBLE: dict[str, Any] = {
    "registration_verified": True,
    "matching_certificates": 1,
    "matching_valid_certificates": 1,
    "matching_expired_certificates": 0,
    "matching_revoked_certificates": 0,
    "vacancy_open": True,
    "days_until_closing": 30,
    "openings_left": 5,
    "age": 30,
    "min_age": 18,
    "vacancy_min_age": 0,
    "vacancy_max_age": 0,
    "health_certificate_age_days": 30,
    "health_certificate_issued_day": date(2026, 10, 28).toordinal(),
    "has_bpjs": True,
    "destination_closed": False,
    "already_applied": False,
    "in_active_placement": False,
    "gender": "male",
    "country_code": "HK",
    "occupation_code": "9111",
    "sector": "domestic",
    "employer_type": "individual",
    "one_channel": False,
    "reference_day": date(2026, 11, 27).toordinal(),
}

# One change of the facts per reason, making exactly that rule refuse.
BREAKS: dict[str, dict[str, Any]] = {
    "REGISTRATION_NOT_VERIFIED": {"registration_verified": False},
    "CERTIFICATE_MISMATCH": {"matching_certificates": 0, "matching_valid_certificates": 0},
    "CERTIFICATE_EXPIRED": {"matching_valid_certificates": 0, "matching_expired_certificates": 1},
    "CERTIFICATE_REVOKED": {"matching_valid_certificates": 0, "matching_revoked_certificates": 1},
    "VACANCY_CLOSED": {"vacancy_open": False},
    "VACANCY_PAST_CLOSING_DATE": {"days_until_closing": -1},
    "NO_OPENINGS_FOR_GENDER": {"openings_left": 0},
    "UNDER_MINIMUM_AGE": {"age": 17},
    "OUTSIDE_VACANCY_AGE_RANGE": {"vacancy_min_age": 40},
    # Three calendar months after 26 August end on 26 November, the day before the question's.
    "HEALTH_CERTIFICATE_TOO_OLD": {"health_certificate_issued_day": date(2026, 8, 26).toordinal()},
    "BPJS_MISSING": {"has_bpjs": False},
    "DESTINATION_CLOSED": {"destination_closed": True},
    "ALREADY_APPLIED": {"already_applied": True},
    "ALREADY_PLACED": {"in_active_placement": True},
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(POLICY_FILE.read_text())


@pytest.fixture(scope="module")
def engines(policy: Policy) -> Iterator[list[DurableEvaluator | CompiledEvaluator]]:
    durable = DurableEvaluator(policy)
    yield [durable, CompiledEvaluator(policy)]
    durable.close()


def test_every_rule_has_a_break(policy: Policy) -> None:
    assert set(BREAKS) == set(policy.codes)


def test_the_baseline_is_eligible(engines: list[DurableEvaluator | CompiledEvaluator]) -> None:
    assert [e.decide(ELIGIBLE) for e in engines] == [[], []]


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_each_reason_fires_alone(engines: list[DurableEvaluator | CompiledEvaluator], code: str) -> None:
    facts = ELIGIBLE | BREAKS[code]
    assert [e.decide(facts) for e in engines] == [[code], [code]]


def test_four_broken_rules_give_four_reasons(engines: list[DurableEvaluator | CompiledEvaluator]) -> None:
    broken = ["REGISTRATION_NOT_VERIFIED", "UNDER_MINIMUM_AGE", "BPJS_MISSING", "DESTINATION_CLOSED"]
    facts = ELIGIBLE | {k: v for code in broken for k, v in BREAKS[code].items()}
    assert [e.decide(facts) for e in engines] == [broken, broken]


@pytest.mark.parametrize("size", [2, 3, 5])
def test_reasons_together_in_policy_order(
    engines: list[DurableEvaluator | CompiledEvaluator], policy: Policy, size: int
) -> None:
    independent = [c for c in policy.codes if c not in ("CERTIFICATE_EXPIRED", "CERTIFICATE_REVOKED")]
    for combo in itertools.islice(itertools.combinations(independent, size), 40):
        facts = ELIGIBLE | {k: v for code in combo for k, v in BREAKS[code].items()}
        expected = [c for c in policy.codes if c in combo]
        assert [e.decide(facts) for e in engines] == [expected, expected]


@pytest.mark.parametrize(
    "bad",
    [
        {"age": None},
        {"age": "30"},
        {"has_bpjs": 1},
        {"registration_verified": None},
        {"health_certificate_issued_day": 0},  # no day of the calendar
        {"reference_day": -5},
    ],
)
def test_null_or_mistyped_facts_never_reach_the_engine(
    engines: list[DurableEvaluator | CompiledEvaluator], bad: dict[str, Any]
) -> None:
    with pytest.raises(InvalidFacts):
        engines[0].decide(ELIGIBLE | bad)
    missing = {k: v for k, v in ELIGIBLE.items() if k != "age"}
    with pytest.raises(InvalidFacts):
        engines[0].decide(missing)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested deeper"),
        ("[" * 40 + "]" * 40, "nested deeper"),
        ('{"x": ' + "[" * 40 + "]" * 40 + "}", "nested deeper"),
        (" " * (1024 * 1024 + 1), "longer than"),
    ],
    ids=["very-deep", "deep-array", "deep-field", "too-long"],
)
def test_a_hostile_policy_document_is_refused_with_its_problem_named(document: str, problem: str) -> None:
    from matcher.rules.policy_loader import PolicyError, load_policy

    with pytest.raises(PolicyError) as refused:
        load_policy(document)
    assert any(problem in p for p in refused.value.problems), refused.value.problems
