"""The seed's story continues: the verified candidate asks "can I apply?" over real gRPC."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cpmi.matching.v1 import eligibility_pb2, vacancy_pb2
from cpmi_client import Client, NotFound, PermissionDenied

from matcher.clock import FixedClock
from matcher.principal import Role
from matcher.redaction import nik_reference
from server.app import App
from server.seed.demo import SEED_NIK
from tests.cluster import until
from tests.conftest import ClientFor
from tests.story import SEED_COMPANY, seed_candidate_verified, vacancy


@pytest.fixture(scope="module")
def seed(client_for: ClientFor, clock: FixedClock) -> tuple[str, Client, Client]:
    candidate = client_for(Role.CANDIDATE, "seed-cpmi")
    seed_candidate_verified(candidate, client_for(Role.DINAS, "1307"), clock.today())
    return "seed-cpmi", candidate, client_for(Role.P3MI, SEED_COMPANY)


def test_refused_for_welding_with_the_closest_certificate_named(
    seed: tuple[str, Client, Client], clock: FixedClock
) -> None:
    candidate_id, candidate, p3mi = seed
    welder = p3mi.create_vacancy(SEED_COMPANY, vacancy("Welder", "JP", clock.today()))
    assert welder.occupation_code == "7212", "the code is suggested from the title"
    decision = candidate.check_eligibility(candidate_id, welder.name)
    assert not decision.eligible
    assert [r.code for r in decision.reasons] == ["CERTIFICATE_MISMATCH"]
    mismatch = decision.reasons[0]
    assert mismatch.facts["closest_certificate"] == "BNSP-9111-2025-000123"
    assert mismatch.facts["closest_title"] == "Pekerja Rumah Tangga"
    assert 0 <= int(mismatch.facts["closest_score"]) < 100
    assert "Pekerja Rumah Tangga" in mismatch.message_id and "Juru Las" in mismatch.message_id
    assert decision.policy_version == "2026.12-3" and decision.decision_id


def test_the_decision_is_in_the_decision_log_with_the_nik_as_a_regency_and_a_keyed_hash(
    seed: tuple[str, Client, Client], app: App, clock: FixedClock
) -> None:
    candidate_id, candidate, p3mi = seed
    welder = p3mi.create_vacancy(SEED_COMPANY, vacancy("Welder", "JP", clock.today()))
    decision = candidate.check_eligibility(candidate_id, welder.name)
    log = Path(app.settings.decision_log)
    until(lambda: any(line["decision_id"] == decision.decision_id for line in _lines(log)))
    (line,) = [line for line in _lines(log) if line["decision_id"] == decision.decision_id]
    assert line["candidate"] == candidate_id and line["reasons"] == ["CERTIFICATE_MISMATCH"]
    assert line["nik"] == nik_reference(app.settings.log_key(), SEED_NIK) and line["nik"].startswith("1307~")
    assert line["certificates"] == ["*****************0123"]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(text) for text in path.read_text().splitlines()] if path.exists() else []


def test_accepted_for_a_housekeeping_vacancy(seed: tuple[str, Client, Client], clock: FixedClock) -> None:
    candidate_id, candidate, p3mi = seed
    helper = p3mi.create_vacancy(
        SEED_COMPANY,
        vacancy(
            "Domestic Helper (housekeeping)",
            "HK",
            clock.today(),
            employer=vacancy_pb2.EMPLOYER_TYPE_INDIVIDUAL,
            occupation_code="9111",
        ),
    )
    decision = candidate.check_eligibility(candidate_id, helper.name)
    assert decision.eligible and not decision.reasons
    assert helper.name in {v.name for v in candidate.list_eligible_vacancies(candidate_id)}


def test_house_worker_to_saudi_arabia_is_closed_unless_one_channel(
    seed: tuple[str, Client, Client], clock: FixedClock
) -> None:
    candidate_id, candidate, p3mi = seed
    individual = vacancy_pb2.EMPLOYER_TYPE_INDIVIDUAL
    plain = p3mi.create_vacancy(SEED_COMPANY, vacancy("House Worker", "SA", clock.today(), employer=individual))
    assert (plain.occupation_code, plain.sector) == ("9111", "domestic")
    refused = candidate.check_eligibility(candidate_id, plain.name)
    assert [r.code for r in refused.reasons] == ["DESTINATION_CLOSED"]
    assert refused.reasons[0].facts["closure"] == "TIMUR_TENGAH_PENGGUNA_PERSEORANGAN"
    assert "260" in refused.reasons[0].message_id

    one_channel = p3mi.create_vacancy(
        SEED_COMPANY,
        vacancy("House Worker", "SA", clock.today(), employer=individual, one_channel=True, job_order="SPSK-2026-0042"),
    )
    assert candidate.check_eligibility(candidate_id, one_channel.name).eligible
    # One channel alone is not enough: the exception also needs the job order reference.
    no_job_order = p3mi.create_vacancy(
        SEED_COMPANY, vacancy("House Worker", "SA", clock.today(), employer=individual, one_channel=True)
    )
    assert [r.code for r in candidate.check_eligibility(candidate_id, no_job_order.name).reasons] == [
        "DESTINATION_CLOSED"
    ]


def test_the_p3mi_finds_the_candidate_and_others_cannot_look(
    seed: tuple[str, Client, Client], clock: FixedClock, client_for: ClientFor
) -> None:
    candidate_id, _, p3mi = seed
    helper = p3mi.create_vacancy(SEED_COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    query = eligibility_pb2.ListEligibleCandidatesRequest(vacancy=helper.name, region_prefix="13")
    found = {c.candidate: c for c in client_for(Role.OPERATOR, "ops").list_eligible_candidates(query)}
    assert found[f"candidates/{candidate_id}"].certificate_number == "BNSP-9111-2025-000123"
    assert found[f"candidates/{candidate_id}"].age == 30
    screened = list(p3mi.list_eligible_candidates(query))
    assert len(screened) == len(found) and all(c.pseudonymous for c in screened), "none has applied to it yet"
    assert not list(
        p3mi.list_eligible_candidates(
            eligibility_pb2.ListEligibleCandidatesRequest(vacancy=helper.name, region_prefix="31")
        )
    )
    streamed = [c.candidate for page in p3mi.stream_eligible_candidates(query) for c in page.candidates]
    assert sorted(streamed) == sorted(c.candidate for c in screened)
    rival = client_for(Role.P3MI, "another-company")
    with pytest.raises(PermissionDenied):
        list(rival.list_eligible_candidates(query))
    with pytest.raises(NotFound):
        client_for(Role.CANDIDATE, "mallory").check_eligibility(candidate_id, helper.name)
