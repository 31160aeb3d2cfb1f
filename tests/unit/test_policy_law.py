"""The shipped policy cites its law, and a rule in force for part of the time is applied
only to questions about dates it is in force on, by both engines."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy import LegalBasis
from matcher.rules.policy_loader import PolicyError, load_policy
from matcher.vacancy import EmployerType, Vacancy
from tests.unit.test_rules import ELIGIBLE, POLICY_FILE

SHIPPED: dict[str, Any] = json.loads(POLICY_FILE.read_text())


def _bases(document: dict[str, Any]) -> list[tuple[str, Any]]:
    found = [(f"rules.{r['code']}", r.get("legal_basis")) for r in document["rules"]]
    for closure in document["closures"]:
        found.append((f"closures.{closure['id']}", closure.get("legal_basis")))
        found += [(f"exceptions.{e['id']}", e.get("legal_basis")) for e in closure["exceptions"]]
    found += [(f"min_age.{o['label']}", o.get("legal_basis")) for o in document["min_age"]["overrides"]]
    return found


@pytest.mark.parametrize(("where", "basis"), _bases(SHIPPED), ids=[w for w, _ in _bases(SHIPPED)])
def test_every_entry_of_the_shipped_policy_cites_its_basis(where: str, basis: Any) -> None:
    assert isinstance(basis, dict), f"{where} has no legal_basis object"
    if basis.get("operational"):
        assert basis["note"], where
        return
    assert basis["instrument"] and isinstance(basis["verified"], bool), where
    assert basis["note"], f"{where}: say what was checked against the text, or what is not yet"


def test_every_rule_and_closure_says_since_when() -> None:
    policy = load_policy(POLICY_FILE.read_text())
    assert all(r.in_force.effective_from is not None for r in policy.rules)
    assert all(c.in_force.effective_from is not None for c in policy.closures)
    age = next(r for r in policy.rules if r.code == "UNDER_MINIMUM_AGE")
    assert age.legal_basis == LegalBasis(
        instrument="Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia",
        article="Pasal 5 huruf a",
        published_in="Lembaran Negara Republik Indonesia Tahun 2017",
        verified=True,
        note=age.legal_basis.note if age.legal_basis else "",
        authority=age.legal_basis.authority if age.legal_basis else "",
    )
    assert age.legal_basis and "KemenP2MI" in age.legal_basis.authority  # who holds placement today


def _variant(**rule_dates: dict[str, str]) -> str:
    document = json.loads(POLICY_FILE.read_text())
    document["version"] = "2026.11-dated"
    for rule in document["rules"]:
        rule.update(rule_dates.get(rule["code"], {}))
    return json.dumps(document)


@pytest.mark.parametrize("engine", [CompiledEvaluator, DurableEvaluator])
def test_a_rule_applies_only_on_the_days_it_is_in_force(engine: type) -> None:
    policy = load_policy(_variant(BPJS_MISSING={"effective_from": "2027-01-01", "effective_until": "2027-12-31"}))
    evaluator = engine(policy)
    try:
        no_bpjs = ELIGIBLE | {"has_bpjs": False}
        # The health certificate stays a month old on each day asked (it is counted in months).
        on = {day: evaluator.decide(no_bpjs | _asked_on(day)) for day in _DAYS}
    finally:
        evaluator.close()
    assert on == {
        date(2026, 12, 31): [],
        date(2027, 1, 1): ["BPJS_MISSING"],
        date(2027, 12, 31): ["BPJS_MISSING"],
        date(2028, 1, 1): [],
    }


_DAYS = (date(2026, 12, 31), date(2027, 1, 1), date(2027, 12, 31), date(2028, 1, 1))


def _asked_on(day: date) -> dict[str, int]:
    return {"reference_day": day.toordinal(), "health_certificate_issued_day": (day - timedelta(days=30)).toordinal()}


def test_a_closure_closes_only_while_it_is_in_force() -> None:
    document = json.loads(POLICY_FILE.read_text())
    document["closures"][0]["effective_until"] = "2026-12-31"
    policy = load_policy(json.dumps(document))
    individual_in_riyadh = Vacancy(
        id="v",
        company_id="c",
        title="Pekerja Rumah Tangga",
        occupation_code="9111",
        country_code="SA",
        employer_type=EmployerType.INDIVIDUAL,
        sector="domestic",
    )
    assert policy.closure_for(individual_in_riyadh, date(2015, 6, 30)) is None
    assert policy.closure_for(individual_in_riyadh, date(2026, 12, 31)) is not None
    assert policy.closure_for(individual_in_riyadh, date(2027, 1, 1)) is None


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"legal_basis": {"verified": True}}, "instrument is required"),
        ({"legal_basis": {"operational": True}}, "note must say"),
        ({"effective_from": "2027-01-02", "effective_until": "2027-01-01"}, "effective_until is before"),
        ({"effective_from": "soon"}, "effective_from must be a date"),
    ],
)
def test_a_malformed_basis_or_period_is_refused_by_name(entry: dict[str, Any], problem: str) -> None:
    with pytest.raises(PolicyError) as refused:
        load_policy(_variant(BPJS_MISSING=entry))
    assert any(problem in p and "rules[10]" in p for p in refused.value.problems), refused.value.problems
