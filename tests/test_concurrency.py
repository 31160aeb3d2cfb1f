"""Two writers race on one version: exactly one wins, the other is told the etag is stale."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from cpmi.matching.v1 import registration_pb2
from cpmi_client import CpmiError

from matcher.clock import FixedClock
from matcher.principal import Role
from tests.conftest import ClientFor
from tests.story import submitted_candidate


def test_two_officers_deciding_at_once_exactly_one_wins(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    dinas = client_for(Role.DINAS, "1307")

    def verify() -> str:
        try:
            dinas.verify_registration(candidate_id, etag=submitted.etag)
            return "verified"
        except CpmiError as error:
            return error.reason

    def reject() -> str:
        try:
            dinas.reject_registration(candidate_id, etag=submitted.etag, reason="foto KTP buram")
            return "rejected"
        except CpmiError as error:
            return error.reason

    with ThreadPoolExecutor(8) as pool:
        outcomes = [f.result() for f in [pool.submit(verify if i % 2 else reject) for i in range(8)]]
    winners = [o for o in outcomes if o in ("verified", "rejected")]
    assert len(winners) == 1, outcomes
    assert set(outcomes) - {"verified", "rejected"} <= {"ETAG_MISMATCH"}
    rounds = list(candidate.list_registration_rounds(candidate_id))
    assert len(rounds) == 1 and rounds[0].decision != registration_pb2.ROUND_DECISION_PENDING


def test_a_retried_submit_with_the_same_request_id_is_one_round(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    first = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    dinas = client_for(Role.DINAS, "1307")
    dinas.reject_registration(candidate_id, etag=first.etag, reason="KK buram", request_id="reject-1")
    again = dinas.reject_registration(candidate_id, etag=first.etag, reason="KK buram", request_id="reject-1")
    assert again.status == registration_pb2.REGISTRATION_STATUS_REJECTED
    resubmit = candidate.submit_registration(candidate_id, request_id="resubmit-1")
    retried = candidate.submit_registration(candidate_id, request_id="resubmit-1")
    assert retried.round == resubmit.round == 2
    assert len(list(candidate.list_registration_rounds(candidate_id))) == 2
