"""The compiled evaluator gives exactly the reasons durable-rules gives, on generated cases:
generated facts (edge values included) under the shipped policy, and generated policies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy_loader import load_policy
from matcher.rules.schema import DATE_FACTS, FACT_SCHEMA

POLICY = load_policy((Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text())
INT_FACTS = [n for n, t in FACT_SCHEMA.items() if t is int and n not in DATE_FACTS]
DAY_FACTS = sorted(DATE_FACTS)
BOOL_FACTS = [n for n, t in FACT_SCHEMA.items() if t is bool]
STR_FACTS = [n for n, t in FACT_SCHEMA.items() if t is str]
EDGE_INTS = st.sampled_from([-1, 0, 1, 17, 18, 21, 90, 91, 100_000]) | st.integers(-1000, 1000)
WORDS = st.sampled_from(["", "male", "female", "SA", "HK", "9111", "domestic", "individual", "company"])


# Question dates around the shipped rules' starts (2015-07-01, 2017-11-22, 2026-01-01), and
# month ends, where three calendar months after an issue date are not a fixed count of days.
DAYS = st.sampled_from(
    [date(y, m, d).toordinal() for y, m, d in ((2015, 6, 30), (2015, 7, 1), (2017, 11, 21), (2017, 11, 22))]
    + [date(2025, 12, 31).toordinal(), date(2026, 1, 1).toordinal()]
    + [date(y, m, d).toordinal() for y, m, d in ((2026, 8, 31), (2026, 11, 30), (2026, 12, 1), (2027, 2, 28))]
    + [date(2027, 11, 30).toordinal(), date(2028, 2, 29).toordinal(), date(2028, 3, 1).toordinal(), 1]
) | st.integers(date(2010, 1, 1).toordinal(), date(2030, 1, 1).toordinal())


def facts_strategy() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            name: (
                DAYS if name in DATE_FACTS else EDGE_INTS if kind is int else st.booleans() if kind is bool else WORDS
            )
            for name, kind in FACT_SCHEMA.items()
        }
    )


DURABLE = DurableEvaluator(POLICY)
COMPILED = CompiledEvaluator(POLICY)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts_strategy())
def test_same_reasons_under_the_shipped_policy(facts: dict[str, Any]) -> None:
    assert DURABLE.decide(facts) == COMPILED.decide(facts)


def comparison() -> st.SearchStrategy[dict[str, Any]]:
    ints = st.tuples(
        st.sampled_from(["eq", "neq", "lt", "lte", "gt", "gte"]),
        st.sampled_from(INT_FACTS),
        EDGE_INTS | st.sampled_from(INT_FACTS).map(lambda f: {"fact": f}),
    )
    bools = st.tuples(
        st.sampled_from(["eq", "neq"]),
        st.sampled_from(BOOL_FACTS),
        st.booleans() | st.sampled_from(BOOL_FACTS).map(lambda f: {"fact": f}),
    )
    strs = st.tuples(st.sampled_from(["eq", "neq"]), st.sampled_from(STR_FACTS), WORDS)
    months = st.integers(-24, 24).filter(bool)
    days = st.tuples(
        st.sampled_from(["eq", "neq", "lt", "lte", "gt", "gte"]),
        st.sampled_from(DAY_FACTS),
        DAYS
        | st.sampled_from(DAY_FACTS).map(lambda f: {"fact": f})
        | st.tuples(st.sampled_from(DAY_FACTS), months).map(lambda t: {"months_after": list(t)}),
    )
    return (ints | bools | strs | days).map(lambda t: {t[0]: [t[1], t[2]]})


conditions = st.recursive(
    comparison(),
    lambda inner: st.dictionaries(
        st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3), min_size=1, max_size=1
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(conditions, min_size=1, max_size=6), st.lists(facts_strategy(), min_size=1, max_size=15))
def test_same_reasons_under_generated_policies(whens: list[dict[str, Any]], cases: list[dict[str, Any]]) -> None:
    document = json.loads(POLICY.document)
    document["rules"] = [
        {"code": f"RULE_{i}", "when": when, "message_id": "x", "message_en": "x"} for i, when in enumerate(whens)
    ]
    policy = load_policy(json.dumps(document))
    durable = DurableEvaluator(policy)
    try:
        compiled = CompiledEvaluator(policy)
        for facts in cases:
            assert durable.decide(facts) == compiled.decide(facts), (whens, facts)
    finally:
        durable.close()
