"""One truth, many processes: replicas on one PostgreSQL, fed by the outbox (Redis the fast
path), answer what any of them committed; invariants hold across them."""

from __future__ import annotations

import queue
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa
from cpmi.matching.v1 import application_pb2 as pb
from cpmi.matching.v1 import eligibility_pb2, eligibility_pb2_grpc
from cpmi_client import Client, CpmiError, NotFound
from google.protobuf.timestamp_pb2 import Timestamp

from matcher.application import ApplicationAction, Interview, TransitionRequest
from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from server.app import App, start
from server.security.tokens import issue_token
from server.seed.demo import register_candidate
from server.storage import tables
from tests.cluster import Redis, Replica, serving, start_replica, until
from tests.conftest import NOW, SECRET, make_settings
from tests.postgres import postgres_url
from tests.quota import production_vacancy, race_accepts, race_placements

OPS = Principal(Role.OPERATOR, "ops")
DINAS = Principal(Role.DINAS, "1307", "tester")
COMPANY = "pt-replika"


@dataclass
class Cluster:
    a: App  # in this process: set-up goes through its use cases
    b: Replica  # a separate server process on the same database and Redis
    redis: Redis
    db_url: str
    documents: Path
    delays: dict[str, list[float]]

    def client(self, target: str, role: Role, subject: str) -> Client:
        return Client(target, issue_token(SECRET, role, subject))

    @property
    def a_target(self) -> str:
        return f"127.0.0.1:{self.a.port}"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    workdir = tmp_path_factory.mktemp("cluster")
    redis = Redis()
    redis.start()
    with postgres_url(workdir / "pg") as url:
        settings = make_settings(workdir, db_url=url)
        settings.redis_url = redis.url
        a = start(settings, FixedClock(NOW))
        b = start_replica(url, settings.documents_dir, redis.url)
        running = Cluster(a, b, redis, url, settings.documents_dir, {})
        yield running
        running.b.stop()
        a.stop()
        redis.kill()
        for what, delays in running.delays.items():
            ordered = sorted(delays)
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
            print(
                f"\npropagation A->B, {what}: n={len(delays)} p50={statistics.median(delays) * 1000:.1f} ms "
                f"p99={p99 * 1000:.1f} ms max={max(delays) * 1000:.1f} ms"
            )


def verified_candidate(cluster: Cluster, candidate_id: str, nik: str) -> None:
    registration = register_candidate(cluster.a.services, candidate_id, nik, FixedClock(NOW).today())
    cluster.a.services.registration.verify(DINAS, candidate_id, registration.etag, NO_KEY)


def new_vacancy(cluster: Cluster, **openings: int) -> str:
    vacancy = production_vacancy(COMPANY, FixedClock(NOW).today())
    if openings:
        vacancy.openings = type(vacancy.openings)(**openings)
    return cluster.a.services.vacancies.create(Principal(Role.P3MI, COMPANY), COMPANY, vacancy, NO_KEY).id


def test_a_change_on_a_is_answered_by_b_within_a_second(cluster: Cluster) -> None:
    delays = cluster.delays.setdefault("with Redis", [])
    with cluster.client(cluster.b.target, Role.OPERATOR, "ops") as b:
        vacancy_id = new_vacancy(cluster)
        delays.append(until(lambda: _known(b, "nobody-yet", vacancy_id, candidate=False)))
        # A verification: B stops saying REGISTRATION_NOT_VERIFIED.
        registration = register_candidate(cluster.a.services, "rep-1", "1307104101980001", FixedClock(NOW).today())
        delays.append(until(lambda: _known(b, "rep-1", vacancy_id)))
        cluster.a.services.registration.verify(DINAS, "rep-1", registration.etag, NO_KEY)
        delays.append(until(lambda: "REGISTRATION_NOT_VERIFIED" not in _codes(b, "rep-1", vacancy_id)))
        # New vacancies, one after another.
        for _ in range(20):
            fresh = new_vacancy(cluster)
            delays.append(until(lambda fresh=fresh: _known(b, "rep-1", fresh)))
        # A revocation.
        cluster.a.services.certificates.revoke(OPS, "rep-1", "BNSP-9111-2025-000123", "dicabut BNSP", NO_KEY)
        delays.append(until(lambda: "CERTIFICATE_REVOKED" in _codes(b, "rep-1", vacancy_id)))
        # A policy activated.
        document = cluster.a.services.policies.get(OPS, "2026.12-3").document.replace('"2026.12-3"', '"2026.11-rep"')
        cluster.a.services.policies.load(OPS, document, NO_KEY)
        cluster.a.services.policies.activate(OPS, "2026.11-rep", NO_KEY)
        delays.append(
            until(lambda: b.check_eligibility("rep-1", f"vacancies/{vacancy_id}").policy_version == "2026.11-rep")
        )
    assert max(delays) < 1.0, sorted(delays)


def test_a_standing_query_on_b_is_pushed_a_vacancy_committed_on_a(cluster: Cluster) -> None:
    """A candidate's page holds WatchEligibleVacancies open on B; a P3MI posts through A. B's
    feed reader, woken by Redis, applies the vacancy and the read model's signal pushes it to
    the watch: within a second each (the typical figure is measured by `make bench`)."""
    verified_candidate(cluster, "rep-s1", "1307106901970001")
    earlier = new_vacancy(cluster)
    with cluster.client(cluster.b.target, Role.OPERATOR, "ops") as b:  # B knows her as verified
        until(lambda: _known(b, "rep-s1", earlier) and "REGISTRATION_NOT_VERIFIED" not in _codes(b, "rep-s1", earlier))
    heard: queue.Queue[tuple[str, float]] = queue.Queue()
    with cluster.client(cluster.b.target, Role.CANDIDATE, "rep-s1") as candidate:
        watch = candidate.watch_eligible_vacancies("rep-s1", timeout=60)

        def listen() -> None:
            for change in watch:
                heard.put((change.vacancy, time.perf_counter()))

        threading.Thread(target=listen, daemon=True).start()
        watch.wait_open()
        gaps = []
        for _ in range(5):
            vacancy_id = new_vacancy(cluster)
            committed = time.perf_counter()
            vacancy, arrived = heard.get(timeout=5)
            assert vacancy == f"companies/{COMPANY}/vacancies/{vacancy_id}"
            gaps.append(arrived - committed)
        watch.cancel()
    cluster.delays.setdefault("standing query on B", []).extend(gaps)
    assert max(gaps) < 1.0, sorted(gaps)


def test_a_quota_taken_on_a_is_answered_by_b(cluster: Cluster) -> None:
    delays = cluster.delays.setdefault("with Redis", [])
    vacancy_id = new_vacancy(cluster, male=0, female=1, either=0)
    for i, candidate_id in enumerate(("rep-q1", "rep-q2")):
        verified_candidate(cluster, candidate_id, f"13071042019{80 + i}001"[:16])
    p3mi = Principal(Role.P3MI, COMPANY)
    applied = cluster.a.services.applications.apply(Principal(Role.CANDIDATE, "rep-q1"), "rep-q1", vacancy_id, NO_KEY)
    for step in (
        TransitionRequest(ApplicationAction.PROCESS),
        TransitionRequest(
            ApplicationAction.SCHEDULE_INTERVIEW, interview=Interview(NOW + timedelta(days=2), "Jakarta")
        ),
    ):
        cluster.a.services.applications.transition(p3mi, applied.id, step, NO_KEY)
    pp = _placement_agreement(cluster)
    with cluster.client(cluster.b.target, Role.OPERATOR, "ops") as b:
        assert "NO_OPENINGS_FOR_GENDER" not in _codes(b, "rep-q2", vacancy_id)
        cluster.a.services.applications.transition(
            p3mi, applied.id, TransitionRequest(ApplicationAction.ACCEPT, placement_agreement=pp), NO_KEY
        )
        delays.append(until(lambda: "NO_OPENINGS_FOR_GENDER" in _codes(b, "rep-q2", vacancy_id)))
    assert max(delays) < 1.0


def test_without_redis_b_converges_from_the_outbox_and_again_with_it(cluster: Cluster) -> None:
    if cluster.redis.external:
        pytest.skip("the Redis is given by URL; this test kills its own")
    with cluster.client(cluster.b.target, Role.OPERATOR, "ops") as b:
        verified_candidate(cluster, "rep-r1", "1307104301980001")
        cluster.redis.kill()
        vacancy_id = new_vacancy(cluster)  # the write commits with Redis gone
        cluster.delays.setdefault("Redis down (outbox polling, 1 s)", []).append(
            until(lambda: _known(b, "rep-r1", vacancy_id), timeout=5)
        )
        cluster.redis.start()
        until(lambda: _redis_back(cluster), timeout=10)
        back = cluster.delays.setdefault("Redis back", [])
        for _ in range(5):
            fresh = new_vacancy(cluster)
            back.append(until(lambda fresh=fresh: _known(b, "rep-r1", fresh), timeout=5))
        assert min(back) < 1.0
    resumed = [line for line in cluster.b.output if "redis read again" in line]
    assert len(resumed) == 1, "B says once that it follows Redis again, as it said Redis was down"


def test_a_replica_killed_and_restarted_catches_up_before_it_serves(cluster: Cluster) -> None:
    verified_candidate(cluster, "rep-k1", "1307104401980001")
    cluster.b.kill()
    missed = [new_vacancy(cluster) for _ in range(3)]
    cluster.b = start_replica(cluster.db_url, cluster.documents, cluster.redis.url)
    assert serving(cluster.b.target)
    with cluster.client(cluster.b.target, Role.OPERATOR, "ops") as b:
        for vacancy_id in missed:  # the first answers already know every change made meanwhile
            assert _known(b, "rep-k1", vacancy_id)


def test_the_quota_race_holds_across_replicas(cluster: Cluster) -> None:
    company = "pt-race-replicas"
    with (
        cluster.client(cluster.a_target, Role.P3MI, company) as on_a,
        cluster.client(cluster.b.target, Role.P3MI, company) as on_b,
    ):
        race_accepts(cluster.a, [on_a, on_b], FixedClock(NOW), company, serial=5000)


def test_one_placement_per_candidate_holds_across_replicas(cluster: Cluster) -> None:
    with (
        cluster.client(cluster.a_target, Role.P3MI, "pt-rep-a") as on_a,
        cluster.client(cluster.b.target, Role.P3MI, "pt-rep-b") as on_b,
    ):
        race_placements(cluster.a, {"pt-rep-a": on_a, "pt-rep-b": on_b}, FixedClock(NOW), serial=6000)


def test_a_watch_on_b_sees_every_event_committed_on_a_in_order(cluster: Cluster) -> None:
    company, services = "pt-watch-rep", cluster.a.services
    vacancy_id = cluster.a.services.vacancies.create(
        Principal(Role.P3MI, company), company, production_vacancy(company, FixedClock(NOW).today()), NO_KEY
    ).id
    applications = []
    for i in range(12):
        candidate_id = f"rep-w{i}"
        verified_candidate(cluster, candidate_id, f"130710{45 + i:02d}01980001")
        applications.append(
            services.applications.apply(Principal(Role.CANDIDATE, candidate_id), candidate_id, vacancy_id, NO_KEY).id
        )
    seen: list[pb.ApplicationEvent] = []
    moves = 2 * len(applications)
    with cluster.client(cluster.b.target, Role.P3MI, company) as watcher:
        watch = watcher.watch_applications(f"companies/{company}", timeout=60)
        done = threading.Event()

        def collect() -> None:
            for event in watch:
                seen.append(event)
                if sum(e.from_status != 0 for e in seen) >= moves:  # an application has none
                    break
            done.set()

        watch.wait_open()  # B has fixed where the watch starts before any writer commits
        reader = threading.Thread(target=collect)
        reader.start()

        def move(application_id: str) -> None:  # concurrent writers through A
            with cluster.client(cluster.a_target, Role.P3MI, company) as p3mi:
                p3mi.transition_application(f"applications/{application_id}", pb.APPLICATION_ACTION_PROCESS)
                p3mi.transition_application(
                    f"applications/{application_id}",
                    pb.APPLICATION_ACTION_SCHEDULE_INTERVIEW,
                    interview=pb.Interview(location="Jakarta", time=_in_days(3)),
                )

        writers = [threading.Thread(target=move, args=(a,)) for a in applications]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        assert done.wait(10), f"{len(seen)} events, {moves} moves expected"
        watch.cancel()
        reader.join(5)
    sequences = [e.sequence for e in seen]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences), "in feed order, once each"
    with cluster.a.engine.connect() as conn:
        e = tables.application_events.c
        committed = conn.execute(sa.select(e.sequence, e.from_status).where(e.application_id.in_(applications))).all()
    moved = sorted(sequence for sequence, from_status in committed if from_status is not None)
    assert [s for s in sequences if s >= moved[0]] == moved, "none skipped, none invented"
    # A watch "from now on" starts where B's feed stands: it may open with an application
    # committed just before (B had not delivered it yet), never with anything else.
    applied = {sequence for sequence, from_status in committed if from_status is None}
    assert {s for s in sequences if s < moved[0]} <= applied


def _codes(client: Client, candidate_id: str, vacancy_id: str) -> set[str]:
    return {r.code for r in client.check_eligibility(candidate_id, f"vacancies/{vacancy_id}").reasons}


def _known(client: Client, candidate_id: str, vacancy_id: str, *, candidate: bool = True) -> bool:
    try:
        client.check_eligibility(candidate_id, f"vacancies/{vacancy_id}")
        return True
    except NotFound as missing:
        return not candidate and "candidates/" in str(missing.metadata.get("resource", ""))
    except CpmiError:
        return False


def _redis_back(cluster: Cluster) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(cluster.redis.url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _placement_agreement(cluster: Cluster) -> str:
    from matcher.documents import DocumentKind
    from server.seed.demo import tiny_pdf

    document = cluster.a.services.documents.upload(
        Principal(Role.P3MI, COMPANY),
        f"companies/{COMPANY}",
        DocumentKind.PLACEMENT_AGREEMENT,
        "pp.pdf",
        tiny_pdf("rep-pp"),
        NO_KEY,
    )
    return document.name


def _in_days(days: int) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(NOW + timedelta(days=days))
    return stamp


def test_a_page_of_eligible_candidates_continues_on_another_replica(cluster: Cluster) -> None:
    """Candidates sit at positions the database numbered: a replica that built its index
    later, from rows the database has since moved about, walks them in the same order."""
    vacancy_id = new_vacancy(cluster)
    people = [f"page-{i:02d}" for i in range(21)]
    for i, candidate_id in enumerate(people):
        verified_candidate(cluster, candidate_id, f"130710{41 + i % 28:02d}0597{7000 + i:04d}")
    registrations = tables.registrations
    with cluster.a.engine.begin() as conn:  # PostgreSQL writes updated rows anew, elsewhere in the table
        conn.execute(
            sa.update(registrations)
            .where(registrations.c.candidate_id.in_(people[:9]))
            .values(has_bpjs=registrations.c.has_bpjs)
        )
    late = start_replica(cluster.db_url, cluster.documents, cluster.redis.url)
    try:
        whole = _eligible_pages(vacancy_id, [cluster.a_target])
        alternating = _eligible_pages(vacancy_id, [cluster.a_target, late.target])
    finally:
        late.stop()
    assert set(people) <= set(whole)
    assert alternating == whole, "no candidate skipped or repeated when pages come from different replicas"


def _eligible_pages(vacancy_id: str, targets: list[str]) -> list[str]:
    """Every eligible candidate, four a page, each page asked of the next replica in turn."""
    metadata = (("authorization", f"Bearer {issue_token(SECRET, Role.OPERATOR, 'ops')}"),)
    channels = [grpc.insecure_channel(target) for target in targets]
    found: list[str] = []
    token, turn = "", 0
    try:
        while True:
            page = eligibility_pb2_grpc.EligibilityServiceStub(channels[turn % len(channels)]).ListEligibleCandidates(
                eligibility_pb2.ListEligibleCandidatesRequest(
                    vacancy=f"vacancies/{vacancy_id}", page_size=4, page_token=token
                ),
                metadata=metadata,
                timeout=10,
            )
            found += [c.candidate.removeprefix("candidates/") for c in page.candidates]
            token, turn = page.next_page_token, turn + 1
            if not token:
                return found
    finally:
        for channel in channels:
            channel.close()
