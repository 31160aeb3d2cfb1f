"""Every wrong actor, every wrong state, stale etags, double applies, withdrawal and quota."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cpmi.matching.v1 import application_pb2 as pb
from cpmi.matching.v1 import document_pb2
from cpmi_client import Client, DeadlineExceeded, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

from matcher.clock import FixedClock
from matcher.principal import Role
from server.api.translate import timestamp
from server.app import App
from server.seed.demo import tiny_pdf
from tests.conftest import ClientFor
from tests.quota import race_accepts, race_placements
from tests.story import submitted_candidate, vacancy

COMPANY = "pt-lamaran"
ACTIONS = {
    pb.APPLICATION_ACTION_PROCESS: Role.P3MI,
    pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW: Role.P3MI,
    pb.APPLICATION_ACTION_ACCEPT: Role.P3MI,
    pb.APPLICATION_ACTION_REJECT: Role.P3MI,
    pb.APPLICATION_ACTION_VERIFY_PP: Role.DINAS,
    pb.APPLICATION_ACTION_REFUSE_PP: Role.DINAS,
    pb.APPLICATION_ACTION_RESUBMIT_PP: Role.P3MI,
    pb.APPLICATION_ACTION_WITHDRAW: Role.CANDIDATE,
}


def verified(client_for: ClientFor, clock: FixedClock, candidate_id: str, nik: str) -> Client:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), nik)
    client_for(Role.DINAS, "1307").verify_registration(candidate_id, etag=submitted.etag)
    return candidate


def interview() -> pb.Interview:
    from tests.conftest import NOW

    return pb.Interview(time=timestamp(NOW + timedelta(days=5)), location="Kantor P3MI")


def test_every_action_by_every_wrong_actor_is_denied_and_changes_nothing(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    p3mi = client_for(Role.P3MI, COMPANY)
    posted = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    applied = candidate.apply(candidate_id, posted.name)
    actors = {
        Role.CANDIDATE: candidate,
        Role.P3MI: p3mi,
        Role.DINAS: client_for(Role.DINAS, "1307"),
        Role.OPERATOR: client_for(Role.OPERATOR, "ops"),
    }
    strangers = {
        Role.CANDIDATE: client_for(Role.CANDIDATE, "someone-else"),
        Role.P3MI: client_for(Role.P3MI, "pt-other"),
        Role.DINAS: client_for(Role.DINAS, "3171"),
    }
    for action, right in ACTIONS.items():
        for role, caller in actors.items():
            if role is right:
                continue
            with pytest.raises(PermissionDenied) as caught:
                caller.transition_application(applied.name, action, reason="x", interview=interview())
            assert caught.value.reason == "ROLE_NOT_ALLOWED", (action, role)
        with pytest.raises(NotFound):  # not theirs: as if it did not exist
            strangers[right].transition_application(applied.name, action, reason="x", interview=interview())
    after = candidate.get_application(applied.name)
    assert (after.status, after.etag) == (pb.APPLICATION_STATUS_SENT, applied.etag)
    assert len(list(candidate.list_application_events(applied.name))) == 1


def test_wrong_states_stale_etags_and_missing_inputs(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    p3mi, dinas = client_for(Role.P3MI, COMPANY), client_for(Role.DINAS, "1307")
    posted = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    applied = candidate.apply(candidate_id, posted.name)
    for action, caller in (
        (pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW, p3mi),
        (pb.APPLICATION_ACTION_VERIFY_PP, dinas),
        (pb.APPLICATION_ACTION_REFUSE_PP, dinas),
    ):
        with pytest.raises(FailedPrecondition) as caught:
            caller.transition_application(applied.name, action, reason="x", interview=interview())
        assert caught.value.reason == "INVALID_TRANSITION", action
    with pytest.raises(InvalidArgument) as missing:
        p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_REJECT)
    assert missing.value.field_violations[0].field == "reason"
    processing = p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_PROCESS, etag=applied.etag)
    with pytest.raises(FailedPrecondition) as stale:
        p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_REJECT, etag=applied.etag, reason="x")
    assert stale.value.reason == "ETAG_MISMATCH"
    past = pb.Interview(time=timestamp(clock.now() - timedelta(days=1)), location="x")
    with pytest.raises(InvalidArgument):
        p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW, interview=past)
    scheduled = p3mi.transition_application(
        applied.name, pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW, etag=processing.etag, interview=interview()
    )
    someone_elses = client_for(Role.P3MI, "pt-other").upload_document(
        "companies/pt-other", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("x")
    )
    with pytest.raises(InvalidArgument):
        p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_ACCEPT, placement_agreement=someone_elses.name)
    rejected = p3mi.transition_application(
        applied.name, pb.APPLICATION_ACTION_REJECT, etag=scheduled.etag, reason="tidak lulus wawancara"
    )
    assert rejected.status == pb.APPLICATION_STATUS_REJECTED
    for action, right in ACTIONS.items():
        caller = {Role.P3MI: p3mi, Role.DINAS: dinas, Role.CANDIDATE: candidate}[right]
        with pytest.raises(FailedPrecondition):
            caller.transition_application(
                applied.name, action, reason="x", interview=interview(), placement_agreement="documents/x"
            )
    # A refused application frees the pair: the candidate may apply again.
    again = candidate.apply(candidate_id, posted.name)
    assert again.name != applied.name


def test_double_apply_with_and_without_the_same_request_id(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    posted = client_for(Role.P3MI, COMPANY).create_vacancy(
        COMPANY, vacancy("Pekerja Rumah Tangga", "BN", clock.today())
    )
    first = candidate.apply(candidate_id, posted.name, request_id="r-1")
    assert candidate.apply(candidate_id, posted.name, request_id="r-1").name == first.name
    with pytest.raises(FailedPrecondition) as twice:
        candidate.apply(candidate_id, posted.name, request_id="r-2")
    assert twice.value.reason == "NOT_ELIGIBLE"
    assert [p[0] for p in twice.value.preconditions] == ["ALREADY_APPLIED"]
    assert len(list(candidate.list_applications(f"candidates/{candidate_id}"))) == 1


def test_a_refusal_carries_every_reason(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    welder = client_for(Role.P3MI, COMPANY).create_vacancy(
        COMPANY, vacancy("Welder", "JP", clock.today(), openings=(0, 3, 0))
    )
    with pytest.raises(FailedPrecondition) as refused:
        candidate.apply(candidate_id, welder.name)
    codes = [p[0] for p in refused.value.preconditions]
    assert codes == ["CERTIFICATE_MISMATCH", "NO_OPENINGS_FOR_GENDER"]
    assert refused.value.metadata["reasons"] == ",".join(codes)
    assert codes == [r.code for r in candidate.check_eligibility(candidate_id, welder.name).reasons]


def test_withdrawal_after_acceptance_gives_the_opening_back(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    first = verified(client_for, clock, candidate_id, nik_serial())
    second_id = candidate_id + "-b"
    second = verified(client_for, clock, second_id, nik_serial())
    p3mi = client_for(Role.P3MI, COMPANY)
    one_place = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "SG", clock.today(), openings=(1, 0, 0)))
    applied = first.apply(candidate_id, one_place.name)
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_PROCESS)
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW, interview=interview())
    pp = p3mi.upload_document(
        f"companies/{COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("w")
    )
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_ACCEPT, placement_agreement=pp.name)
    assert "NO_OPENINGS_FOR_GENDER" in [r.code for r in second.check_eligibility(second_id, one_place.name).reasons]

    withdrawn = first.transition_application(applied.name, pb.APPLICATION_ACTION_WITHDRAW, reason="batal berangkat")
    assert withdrawn.status == pb.APPLICATION_STATUS_WITHDRAWN
    assert p3mi.get_vacancy(one_place.name).filled.male == 0
    assert second.check_eligibility(second_id, one_place.name).eligible


def test_the_dinas_refuses_a_pp_and_the_p3mi_corrects_it(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    p3mi, dinas = client_for(Role.P3MI, COMPANY), client_for(Role.DINAS, "1307")
    posted = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "HK", clock.today()))
    applied = candidate.apply(candidate_id, posted.name)
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_PROCESS)
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW, interview=interview())
    pp = p3mi.upload_document(
        f"companies/{COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("v1")
    )
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_ACCEPT, placement_agreement=pp.name)
    assert p3mi.get_vacancy(posted.name).filled.male == 1
    refused = dinas.transition_application(applied.name, pb.APPLICATION_ACTION_REFUSE_PP, reason="gaji tidak tercantum")
    assert refused.pp_refusal_reason == "gaji tidak tercantum"
    assert p3mi.get_vacancy(posted.name).filled.male == 0, "a refused PP gives the opening back"
    with pytest.raises(FailedPrecondition):
        dinas.transition_application(applied.name, pb.APPLICATION_ACTION_VERIFY_PP)
    fixed = p3mi.upload_document(
        f"companies/{COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp2.pdf", tiny_pdf("v2")
    )
    p3mi.transition_application(applied.name, pb.APPLICATION_ACTION_RESUBMIT_PP, placement_agreement=fixed.name)
    assert p3mi.get_vacancy(posted.name).filled.male == 1, "the corrected PP takes one again"
    done = dinas.transition_application(applied.name, pb.APPLICATION_ACTION_VERIFY_PP)
    assert done.status == pb.APPLICATION_STATUS_PP_VERIFIED and done.placement_agreement == fixed.name
    with pytest.raises(FailedPrecondition):
        candidate.transition_application(applied.name, pb.APPLICATION_ACTION_WITHDRAW, reason="x")


def test_quota_race_on_sqlite(app: App, client_for: ClientFor, clock: FixedClock) -> None:
    race_accepts(app, client_for(Role.P3MI, "pt-race-sqlite"), clock, "pt-race-sqlite", serial=1000)


def test_quota_race_on_postgresql(postgres_app: App, clock: FixedClock) -> None:
    from server.security.tokens import issue_token
    from tests.conftest import SECRET

    token = issue_token(SECRET, Role.P3MI, "pt-race-pg")
    with Client(f"127.0.0.1:{postgres_app.port}", token) as p3mi:
        race_accepts(postgres_app, p3mi, clock, "pt-race-pg", serial=2000)


def test_one_placement_per_candidate_on_sqlite(app: App, client_for: ClientFor, clock: FixedClock) -> None:
    companies = ("pt-placement-a", "pt-placement-b")
    race_placements(app, {c: client_for(Role.P3MI, c) for c in companies}, clock, serial=3000)


def test_one_placement_per_candidate_on_postgresql(postgres_app: App, clock: FixedClock) -> None:
    from server.security.tokens import issue_token
    from tests.conftest import SECRET

    target = f"127.0.0.1:{postgres_app.port}"
    clients = {c: Client(target, issue_token(SECRET, Role.P3MI, c)) for c in ("pt-pg-a", "pt-pg-b")}
    try:
        race_placements(postgres_app, clients, clock, serial=4000)
    finally:
        for client in clients.values():
            client.close()


def test_a_request_id_is_one_request(client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial) -> None:
    """AIP-155: the same id with the same request returns the first result; with another
    request (another vacancy, another method) it is REQUEST_ID_REUSED and changes nothing."""
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    p3mi = client_for(Role.P3MI, COMPANY)
    first_vacancy = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "BN", clock.today()))
    other_vacancy = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "HK", clock.today()))
    applied = candidate.apply(candidate_id, first_vacancy.name, request_id="same-id")
    assert candidate.apply(candidate_id, first_vacancy.name, request_id="same-id").name == applied.name
    with pytest.raises(InvalidArgument) as reused:
        candidate.apply(candidate_id, other_vacancy.name, request_id="same-id")
    assert reused.value.reason == "REQUEST_ID_REUSED"
    with pytest.raises(InvalidArgument) as other_method:
        candidate.transition_application(applied.name, pb.APPLICATION_ACTION_WITHDRAW, request_id="same-id")
    assert other_method.value.reason == "REQUEST_ID_REUSED"
    assert [a.name for a in candidate.list_applications(f"candidates/{candidate_id}")] == [applied.name]
    closing = p3mi.close_vacancy(other_vacancy.name, etag=other_vacancy.etag, request_id="close-1")
    assert p3mi.close_vacancy(other_vacancy.name, etag=other_vacancy.etag, request_id="close-1").etag == closing.etag


def test_watchers_are_capped_so_calls_keep_flowing(client_for: ClientFor) -> None:
    """Each open watch holds a worker thread; past the cap a new one is refused, and
    ordinary calls still get through."""
    from cpmi_client import ResourceExhausted

    p3mi = client_for(Role.P3MI, "pt-watchers")
    open_watches = [p3mi.watch_applications("companies/pt-watchers") for _ in range(4)]
    try:
        for watch in open_watches:
            watch.wait_open()
        extra = p3mi.watch_applications("companies/pt-watchers")
        with pytest.raises(ResourceExhausted) as caught:
            list(extra)
        assert caught.value.reason == "TOO_MANY_WATCHERS"
        assert list(p3mi.list_applications("companies/pt-watchers")) == []
    finally:
        for watch in open_watches:
            watch.cancel()


def test_a_dinas_follows_the_applications_of_its_regency(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    p3mi = client_for(Role.P3MI, COMPANY)
    posted = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    dinas = client_for(Role.DINAS, "1307")
    start = max(
        (e.sequence for e in dinas.list_application_events(candidate.apply(candidate_id, posted.name).name)), default=0
    )
    watch = dinas.watch_applications("regencies/1307", after_sequence=start - 1, timeout=2)
    seen: list[pb.ApplicationEvent] = []
    with pytest.raises(DeadlineExceeded):
        seen.extend(watch)  # the replay, then quiet until the deadline
    assert any(e.snapshot.candidate == f"candidates/{candidate_id}" for e in seen)
    with pytest.raises(PermissionDenied) as caught:
        next(iter(client_for(Role.DINAS, "3201").watch_applications("regencies/1307", timeout=2)))
    assert caught.value.reason == "OTHER_REGION"


def test_the_typed_steps_walk_the_same_status_machine(
    client_for: ClientFor, clock: FixedClock, candidate_id: str, nik_serial
) -> None:
    """Each step's own request (AIP-136): what it needs is its field, nothing else to send."""
    candidate = verified(client_for, clock, candidate_id, nik_serial())
    p3mi, dinas = client_for(Role.P3MI, COMPANY), client_for(Role.DINAS, "1307")
    posted = p3mi.create_vacancy(COMPANY, vacancy("Pekerja Rumah Tangga", "TW", clock.today()))
    applied = candidate.apply(candidate_id, posted.name)
    processing = p3mi.process_application(applied.name, etag=applied.etag)
    with pytest.raises(InvalidArgument) as no_interview:
        p3mi.schedule_interview(applied.name, pb.Interview(), etag=processing.etag)
    assert no_interview.value.field_violations[0].field == "interview"
    scheduled = p3mi.schedule_interview(applied.name, interview(), etag=processing.etag)
    pp = p3mi.upload_document(
        f"companies/{COMPANY}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf(candidate_id)
    )
    with pytest.raises(PermissionDenied) as not_theirs:
        candidate.accept_application(applied.name, pp.name)
    assert not_theirs.value.reason == "ROLE_NOT_ALLOWED"
    accepted = p3mi.accept_application(applied.name, pp.name, etag=scheduled.etag)
    with pytest.raises(InvalidArgument):
        dinas.refuse_placement_agreement(applied.name, "", etag=accepted.etag)
    refused = dinas.refuse_placement_agreement(applied.name, "Tanda tangan tidak lengkap", etag=accepted.etag)
    resubmitted = p3mi.resubmit_placement_agreement(applied.name, pp.name, etag=refused.etag)
    placed = dinas.verify_placement_agreement(applied.name, etag=resubmitted.etag)
    assert placed.status == pb.APPLICATION_STATUS_PP_VERIFIED
    with pytest.raises(FailedPrecondition) as too_late:
        candidate.withdraw_application(applied.name)
    assert too_late.value.reason == "INVALID_TRANSITION"
    steps = [(e.to_status, e.actor.split("/")[0]) for e in candidate.list_application_events(applied.name)]
    assert steps == [
        (pb.APPLICATION_STATUS_SENT, "candidates"),
        (pb.APPLICATION_STATUS_PROCESSING, "companies"),
        (pb.APPLICATION_STATUS_INTERVIEW, "companies"),
        (pb.APPLICATION_STATUS_AWAITING_PP_VERIFICATION, "companies"),
        (pb.APPLICATION_STATUS_AWAITING_PP_VERIFICATION, "regencies"),
        (pb.APPLICATION_STATUS_AWAITING_PP_VERIFICATION, "companies"),
        (pb.APPLICATION_STATUS_PP_VERIFIED, "regencies"),
    ]
