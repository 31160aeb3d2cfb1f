"""The shipped policy's references: who holds each today, and what the 2025 record says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.rules.policy import LegalBasis
from matcher.rules.policy_loader import PolicyError, load_policy

DOCUMENT = (Path(__file__).resolve().parents[2] / "matcher/rules/policies/default.json").read_text()
POLICY = load_policy(DOCUMENT)


def every_basis() -> list[LegalBasis]:
    found = [r.legal_basis for r in POLICY.rules] + [o.legal_basis for o in POLICY.age_overrides]
    for closure in POLICY.closures:
        found += [closure.legal_basis, *(e.legal_basis for e in closure.exceptions)]
    bases = [b for b in found if b is not None]
    return bases + [other for b in bases for other in b.also]


def test_every_basis_names_the_authority_holding_it_today() -> None:
    assert all(b.authority.strip() for b in every_basis())
    placement = [
        b for b in every_basis() if "18 Tahun 2017" in b.instrument or "Ketenagakerjaan Nomor 2" in b.instrument
    ]
    assert placement and all("KemenP2MI" in b.authority and "164/2024" in b.authority for b in placement)


def test_the_closure_keeps_applying_and_records_the_2025_statements() -> None:
    (closure,) = POLICY.closures
    assert closure.in_force.effective_until is None
    for said in ("Maret 2025", "28 April 2025", "17 Desember 2025", "ASPATAKI", "Permen P2MI 3/2025"):
        assert said in closure.legal_basis.note


def test_a_reference_known_only_from_reports_is_not_marked_verified() -> None:
    rules = {r.code: r for r in POLICY.rules}
    health = rules["HEALTH_CERTIFICATE_TOO_OLD"].legal_basis
    bpjs = rules["BPJS_MISSING"].legal_basis
    assert health is not None and bpjs is not None
    assert (health.article, health.verified) == ("Pasal 14 ayat 5", False)
    assert [(b.article, b.verified) for b in health.also] == [("Pasal 5 huruf c", True)]
    assert bpjs.verified and [("4 Tahun 2023" in b.instrument, b.verified) for b in bpjs.also] == [(True, False)]
    assert "Permenaker" not in bpjs.cite() and "Nomor 4 Tahun 2023" in bpjs.cite()


def test_a_reference_in_also_has_no_also_of_its_own() -> None:
    document = json.loads(DOCUMENT)
    nested = {"instrument": "X", "also": [{"instrument": "Y"}]}
    document["rules"][0]["legal_basis"]["also"] = [nested]
    with pytest.raises(PolicyError) as refused:
        load_policy(json.dumps(document))
    assert any("also" in p for p in refused.value.problems)
