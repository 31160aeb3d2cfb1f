"""Operators change the policy without a release; a bad document never replaces a good one."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from cpmi.matching.v1 import policy_pb2
from cpmi_client import FailedPrecondition, InvalidArgument, PermissionDenied
from google.type import date_pb2

from matcher.clock import FixedClock
from matcher.principal import Role
from tests.conftest import ClientFor
from tests.story import SEED_COMPANY, submitted_candidate, vacancy

DEFAULT = json.loads((Path(__file__).resolve().parents[1] / "matcher/rules/policies/default.json").read_text())


def variant(version: str, **changes: object) -> str:
    document = dict(DEFAULT, version=version, **changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("{not json", "not valid JSON"),
        (
            variant(
                "bad-1", rules=[{"code": "X_Y", "when": {"like": ["age", 3]}, "message_id": "a", "message_en": "a"}]
            ),
            "unknown operator",
        ),
        (
            variant(
                "bad-2", rules=[{"code": "X_Y", "when": {"lt": ["agee", 3]}, "message_id": "a", "message_en": "a"}]
            ),
            "unknown fact",
        ),
        (
            variant(
                "bad-3", rules=[{"code": "X_Y", "when": {"lt": ["has_bpjs", 3]}, "message_id": "a", "message_en": "a"}]
            ),
            "is bool",
        ),
        (variant("bad-4", effective_from="2026-13-01"), "effective_from"),
        (variant("bad-5", rules=[]), "at least one rule"),
    ],
)
def test_a_bad_policy_is_refused_and_the_old_one_stays_active(
    client_for: ClientFor, document: str, problem: str
) -> None:
    operator = client_for(Role.OPERATOR, "ops")
    before = [(p.version, p.state) for p in operator.list_policies()]
    with pytest.raises(InvalidArgument) as caught:
        operator.load_policy(document)
    assert caught.value.reason == "POLICY_INVALID"
    assert any(problem in v.description for v in caught.value.field_violations), caught.value.field_violations
    assert [(p.version, p.state) for p in operator.list_policies()] == before


def test_load_dry_run_activate_and_roll_back(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    operator = client_for(Role.OPERATOR, "ops")
    candidate = client_for(Role.CANDIDATE, candidate_id)
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    client_for(Role.DINAS, "1307").verify_registration(candidate_id, etag=submitted.etag)
    p3mi = client_for(Role.P3MI, SEED_COMPANY)
    taiwan = p3mi.create_vacancy(SEED_COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    assert candidate.check_eligibility(candidate_id, taiwan.name).eligible

    # A stricter version: minimum age 35 everywhere.
    strict = variant("2026.12-strict", min_age=dict(DEFAULT["min_age"], default=35))
    loaded = operator.load_policy(strict)
    assert loaded.state == policy_pb2.POLICY_STATE_LOADED
    assert "UNDER_MINIMUM_AGE" in loaded.rule_codes
    report = operator.dry_run_policy("2026.12-strict")
    assert report.current_version == "2026.12-3" and report.proposed_version == "2026.12-strict"
    assert report.candidates_losing >= 1 and report.vacancies_losing >= 1
    by_rule = {r.code: r for r in report.by_reason}
    assert by_rule["UNDER_MINIMUM_AGE"].pairs_newly_refused >= 1
    assert by_rule["UNDER_MINIMUM_AGE"].candidates_newly_refused >= 1
    assert f"candidates/{candidate_id}" in by_rule["UNDER_MINIMUM_AGE"].sample_candidates_newly_refused
    assert by_rule["UNDER_MINIMUM_AGE"].legal_basis.article == "Pasal 5 huruf a"
    assert candidate.check_eligibility(candidate_id, taiwan.name).eligible, "a dry run changes nothing"

    assert operator.activate_policy("2026.12-strict").state == policy_pb2.POLICY_STATE_ACTIVE
    refused = candidate.check_eligibility(candidate_id, taiwan.name)
    assert [r.code for r in refused.reasons] == ["UNDER_MINIMUM_AGE"]
    assert refused.policy_version == "2026.12-strict"

    with pytest.raises(FailedPrecondition):
        operator.rollback_policy("2026.12-3")  # not the latest active one
    assert operator.rollback_policy("2026.12-strict").state == policy_pb2.POLICY_STATE_RETIRED
    back = candidate.check_eligibility(candidate_id, taiwan.name)
    assert back.eligible and back.policy_version == "2026.12-3"
    with pytest.raises(FailedPrecondition):
        operator.rollback_policy("2026.12-3")  # the only active policy stays


def test_only_operators_touch_policies(client_for: ClientFor) -> None:
    with pytest.raises(PermissionDenied):
        client_for(Role.P3MI, "x").load_policy(variant("nope"))


def test_policies_come_without_their_document_unless_the_full_view_is_asked(client_for: ClientFor) -> None:
    operator = client_for(Role.OPERATOR, "ops")
    basic = list(operator.list_policies())
    assert basic and all(p.document == "" and p.rule_codes for p in basic)
    full = list(operator.list_policies(view=policy_pb2.POLICY_VIEW_FULL))
    assert [p.name for p in full] == [p.name for p in basic]
    assert all(json.loads(p.document)["version"] == p.version for p in full)
    version = basic[0].version
    assert operator.get_policy(version).document == ""
    assert json.loads(operator.get_policy(version, view=policy_pb2.POLICY_VIEW_FULL).document)


def test_a_full_page_of_policies_stays_under_the_send_limit() -> None:
    from datetime import UTC, datetime

    from matcher.paging import Page
    from matcher.ports import StoredPolicy
    from server.api.policies import FULL_PAGE_BYTES, _within_send_budget

    big = "x" * (1024 * 1024)
    versions = [StoredPolicy(f"v{i}", big, "ops", datetime.now(UTC)) for i in range(10)]
    page = _within_send_budget(Page(versions, ("v9",)))
    assert sum(len(p.document) for p in page.items) <= FULL_PAGE_BYTES
    assert page.next_after == (page.items[-1].version,) and len(page.items) == 4


def test_a_reason_cites_its_law_and_a_dated_rule_follows_the_question_date(
    client_for: ClientFor, clock: FixedClock
) -> None:
    operator, p3mi = client_for(Role.OPERATOR, "ops"), client_for(Role.P3MI, SEED_COMPANY)
    newcomer = client_for(Role.CANDIDATE, "law-newcomer")  # no registration: not verified
    taiwan = p3mi.create_vacancy(SEED_COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    refused = newcomer.check_eligibility("law-newcomer", taiwan.name)
    basis = {r.code: r.legal_basis for r in refused.reasons}["REGISTRATION_NOT_VERIFIED"]
    assert (basis.article, basis.verified, basis.effective_from.year) == ("Pasal 5 huruf e", True, 2017)
    assert "Pekerja Migran Indonesia" in basis.instrument
    # Asked the day after it closes (story.vacancy closes in 60 days), the vacancy refuses
    # for its closing date too, and that rule is the service's own, not a law's.
    after_closing = clock.today() + timedelta(days=61)
    late = newcomer.check_eligibility(
        "law-newcomer",
        taiwan.name,
        reference_date=date_pb2.Date(year=after_closing.year, month=after_closing.month, day=after_closing.day),
    )
    closed = {r.code: r.legal_basis for r in late.reasons}["VACANCY_PAST_CLOSING_DATE"]
    assert closed.operational

    rules = [dict(r) for r in DEFAULT["rules"]]
    for rule in rules:
        if rule["code"] == "REGISTRATION_NOT_VERIFIED":
            rule["effective_from"] = "2026-12-01"
    operator.load_policy(variant("2026.11-dated", rules=rules))
    operator.activate_policy("2026.11-dated")
    try:
        days = (date_pb2.Date(year=2026, month=11, day=30), date_pb2.Date(year=2026, month=12, day=1))
        codes = [
            {r.code for r in newcomer.check_eligibility("law-newcomer", taiwan.name, reference_date=day).reasons}
            for day in days
        ]
    finally:
        operator.rollback_policy("2026.11-dated")
    assert [("REGISTRATION_NOT_VERIFIED" in found) for found in codes] == [False, True]
