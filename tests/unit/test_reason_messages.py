"""Words a candidate reads: every reason of the shipped policy, rendered in both languages for
the candidates it is hardest to word for (no certificate at all, no health certificate, no
birth date on record) holds no placeholder, no empty value and no made-up one."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from matcher.catalogue import default_catalogue
from matcher.nik import Gender
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.decision import ReasonDetail, decide
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.vacancy import EmployerType, Openings, Vacancy, VacancyState

POLICY = Path(__file__).resolve().parents[2] / "matcher" / "rules" / "policies" / "default.json"
DAY = date(2026, 11, 27)

# What a message must never show: a placeholder left unfilled, a dash or a zero standing for
# a value that does not exist, an empty slot before punctuation, an impossible age.
_BROKEN = [
    re.compile(r"[{}]"),
    re.compile(r"(^|[\s(:])-([\s,;)]|$)"),
    re.compile(r"\b(similarity|kemiripan) 0\b"),
    re.compile(r"\b(Age|Usia) 0\b"),
    re.compile(r"\s[,;:)]"),
    re.compile(r"\(\s*\)"),
    re.compile(r"\s$|^\s"),
]


def _candidate(**changes: object) -> CandidateSnapshot:
    welder = CertificateSnapshot("BNSP-7212-0001", "Juru Las", "7212", DAY - timedelta(days=400), None)
    base = CandidateSnapshot(
        "c-1", True, Gender.FEMALE, date(1996, 2, 9), "1307", (welder,), DAY - timedelta(days=10), True
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _vacancy(**changes: object) -> Vacancy:
    base = Vacancy(
        "v-1",
        "pt-x",
        title="House Worker",
        occupation_code="9111",
        country_code="SA",
        employer_type=EmployerType.INDIVIDUAL,
        sector="domestic",
        openings=Openings(0, 1, 0),
        min_age=25,
        max_age=40,
        posted_date=DAY - timedelta(days=5),
        closing_date=DAY - timedelta(days=1),
        state=VacancyState.CLOSED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


CANDIDATES = {
    "no certificate": _candidate(certificates=()),
    "no health certificate": _candidate(health_issue_date=None),
    "no birth date": _candidate(birth_date=None),
    "none of the three": _candidate(certificates=(), health_issue_date=None, birth_date=None),
    "too young, stale health certificate": _candidate(
        birth_date=date(2010, 1, 1), health_issue_date=DAY - timedelta(days=200), verified=False, has_bpjs=False
    ),
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(POLICY.read_text(encoding="utf-8"))


def _reasons(policy: Policy, candidate: CandidateSnapshot) -> list[ReasonDetail]:
    decision = decide(CompiledEvaluator(policy), default_catalogue(), candidate, _vacancy(), DAY)
    return list(decision.reasons)


@pytest.mark.parametrize("case", list(CANDIDATES))
def test_every_message_reads_whole_in_both_languages(policy: Policy, case: str) -> None:
    reasons = _reasons(policy, CANDIDATES[case])
    assert reasons, "the vacancy refuses everyone"
    for reason in reasons:
        for language, message in (("id", reason.text.id), ("en", reason.text.en)):
            broken = [pattern.pattern for pattern in _BROKEN if pattern.search(message)]
            assert not broken, f"{case}: {reason.code} ({language}) reads {message!r}"


def test_the_edge_cases_reach_every_rule_that_reads_what_may_be_missing(policy: Policy) -> None:
    seen = {reason.code for case in CANDIDATES.values() for reason in _reasons(policy, case)}
    expected = {"CERTIFICATE_MISMATCH", "UNDER_MINIMUM_AGE", "OUTSIDE_VACANCY_AGE_RANGE", "HEALTH_CERTIFICATE_TOO_OLD"}
    assert expected <= seen


def test_a_candidate_without_any_certificate_is_told_so_and_what_to_obtain(policy: Policy) -> None:
    mismatch = next(r for r in _reasons(policy, CANDIDATES["no certificate"]) if r.code == "CERTIFICATE_MISMATCH")
    assert mismatch.text.en.startswith("No competency certificate is held")
    assert "the occupation Domestic Cleaner and Helper" in mismatch.text.en
    assert mismatch.text.id.startswith("Belum memiliki sertifikat kompetensi")
    assert "Pekerja Rumah Tangga" in mismatch.text.id and "9111" not in mismatch.text.id
    held = next(r for r in _reasons(policy, CANDIDATES["no health certificate"]) if r.code == "CERTIFICATE_MISMATCH")
    assert "BNSP-7212-0001" in held.text.en, "one who holds a certificate is shown the closest"


def test_no_health_certificate_and_no_birth_date_are_said_plainly(policy: Policy) -> None:
    health = next(
        r for r in _reasons(policy, CANDIDATES["no health certificate"]) if r.code == "HEALTH_CERTIFICATE_TOO_OLD"
    )
    assert health.text.en.startswith("No health certificate is on file")
    ages = [r for r in _reasons(policy, CANDIDATES["no birth date"]) if "AGE" in r.code]
    assert ages and all("birth date" in r.text.en and "tanggal lahir" in r.text.id.lower() for r in ages)
