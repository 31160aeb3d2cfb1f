"""The seed's story to its end: apply, interview, accept with a PP, the Dinas verifies it,
the candidate downloads it, and a watch stream sees every step in order."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from cpmi.matching.v1 import application_pb2 as pb
from cpmi.matching.v1 import document_pb2, vacancy_pb2
from cpmi_client import Client, NotFound

from matcher.clock import FixedClock
from matcher.principal import Role
from server.api.translate import timestamp
from server.seed.demo import tiny_pdf
from tests.conftest import ClientFor
from tests.story import SEED_CANDIDATE, SEED_COMPANY, seed_candidate_verified, vacancy


def collect(watch: object, into: list[pb.ApplicationEvent], wanted: int) -> threading.Thread:
    def run() -> None:
        for event in watch:  # type: ignore[attr-defined]
            into.append(event)
            if len(into) == wanted:
                watch.cancel()  # type: ignore[attr-defined]

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_seed_story_to_the_verified_placement_agreement(client_for: ClientFor, clock: FixedClock) -> None:
    candidate = client_for(Role.CANDIDATE, SEED_CANDIDATE)
    dinas = client_for(Role.DINAS, "1307")
    p3mi = client_for(Role.P3MI, SEED_COMPANY)
    seed_candidate_verified(candidate, dinas, clock.today())
    house_worker = p3mi.create_vacancy(
        SEED_COMPANY,
        vacancy(
            "House Worker",
            "SA",
            clock.today(),
            employer=vacancy_pb2.EMPLOYER_TYPE_INDIVIDUAL,
            one_channel=True,
            job_order="SPSK-2026-0042",
        ),
    )

    # Apply; a retry with the same request id is the same application.
    applied = candidate.apply(SEED_CANDIDATE, house_worker.name, request_id="apply-house-worker")
    assert applied.status == pb.APPLICATION_STATUS_SENT and applied.decision_id and applied.policy_version
    assert candidate.apply(SEED_CANDIDATE, house_worker.name, request_id="apply-house-worker").name == applied.name
    first = next(iter(candidate.list_application_events(applied.name)))

    # Both watchers resume from just before the application, so they see every step.
    seen_by_candidate: list[pb.ApplicationEvent] = []
    seen_by_p3mi: list[pb.ApplicationEvent] = []
    watchers = [
        collect(
            candidate.watch_applications(f"candidates/{SEED_CANDIDATE}", after_sequence=first.sequence - 1),
            seen_by_candidate,
            5,
        ),
        collect(
            p3mi.watch_applications(f"companies/{SEED_COMPANY}", after_sequence=first.sequence - 1), seen_by_p3mi, 5
        ),
    ]

    processing = p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_PROCESS, etag=applied.etag)
    interview = pb.Interview(time=timestamp(clock.now() + timedelta(days=7)), location="https://meet.example/ammana-42")
    scheduled = p3mi.transition_application(
        applied.name, pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW, etag=processing.etag, interview=interview
    )
    assert scheduled.status == pb.APPLICATION_STATUS_INTERVIEW
    assert scheduled.interview.location == "https://meet.example/ammana-42"
    pp_bytes = tiny_pdf("perjanjian penempatan seed-cpmi")
    pp = p3mi.upload_document(
        f"companies/{SEED_COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp-seed.pdf", pp_bytes
    )
    accepted = p3mi.transition_application(
        applied.name, pb.APPLICATION_ACTION_ACCEPT, etag=scheduled.etag, placement_agreement=pp.name
    )
    assert accepted.status == pb.APPLICATION_STATUS_AWAITING_PP_VERIFICATION
    assert p3mi.get_vacancy(house_worker.name).filled.male == 1

    queue = [a.name for a in dinas.list_applications("regencies/1307")]
    assert applied.name in queue
    verified = dinas.transition_application(applied.name, pb.APPLICATION_ACTION_VERIFY_PP, etag=accepted.etag)
    assert verified.status == pb.APPLICATION_STATUS_PP_VERIFIED

    downloaded = candidate.get_document(verified.placement_agreement)
    assert downloaded.content == pp_bytes and downloaded.content_type == "application/pdf"
    assert dinas.get_document(verified.placement_agreement).sha256 == downloaded.sha256
    for outsider in (
        client_for(Role.CANDIDATE, "someone-else"),
        client_for(Role.DINAS, "3171"),
        client_for(Role.P3MI, "pt-other"),
    ):
        with pytest.raises(NotFound):
            outsider.get_document(verified.placement_agreement)

    for watcher in watchers:
        watcher.join(timeout=10)
    expected = [
        pb.APPLICATION_STATUS_SENT,
        pb.APPLICATION_STATUS_PROCESSING,
        pb.APPLICATION_STATUS_INTERVIEW,
        pb.APPLICATION_STATUS_AWAITING_PP_VERIFICATION,
        pb.APPLICATION_STATUS_PP_VERIFIED,
    ]
    for seen in (seen_by_candidate, seen_by_p3mi):
        assert [e.to_status for e in seen] == expected
        assert [e.sequence for e in seen] == sorted(e.sequence for e in seen)
    assert seen_by_candidate[-1].actor == "regencies/1307/officers/tester"
    history = [e.to_status for e in candidate.list_application_events(applied.name)]
    assert history == expected

    # Placed: the candidate is now refused elsewhere, and cannot withdraw a verified PP.
    elsewhere = p3mi.create_vacancy(
        SEED_COMPANY, vacancy("Domestic Helper", "HK", clock.today(), occupation_code="9111")
    )
    assert "ALREADY_PLACED" in [r.code for r in candidate.check_eligibility(SEED_CANDIDATE, elsewhere.name).reasons]


def test_the_p3mi_sees_identity_documents_only_of_its_applicants(client_for: ClientFor, clock: FixedClock) -> None:
    candidate = client_for(Role.CANDIDATE, SEED_CANDIDATE)
    seed_candidate_verified(candidate, client_for(Role.DINAS, "1307"), clock.today())
    ktp = candidate.get_registration(SEED_CANDIDATE).form.ktp.scan
    assert client_for(Role.P3MI, SEED_COMPANY).get_document(ktp).kind == document_pb2.DOCUMENT_KIND_KTP
    stranger: Client = client_for(Role.P3MI, "pt-never-applied-to")
    try:
        stranger.get_document(ktp)
    except Exception as error:
        assert getattr(error, "reason", "") == "NOT_FOUND"
    else:
        raise AssertionError("a P3MI the candidate never applied to saw the KTP")
