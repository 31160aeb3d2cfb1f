"""The composition root: wires storage, indexes, use cases and servicers into one gRPC server."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Mapping
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

import grpc
import uvloop
from cpmi.matching.v1 import (
    application_pb2,
    application_pb2_grpc,
    audit_pb2,
    audit_pb2_grpc,
    certificate_pb2,
    certificate_pb2_grpc,
    document_pb2,
    document_pb2_grpc,
    eligibility_pb2,
    eligibility_pb2_grpc,
    policy_pb2,
    policy_pb2_grpc,
    registration_pb2,
    registration_pb2_grpc,
    session_pb2,
    session_pb2_grpc,
    vacancy_pb2,
    vacancy_pb2_grpc,
)
from grpc_health.v1 import _async as aio_health
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import _async as aio_reflection
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc
from sqlalchemy.engine import Engine

import matcher.rules
from matcher.catalogue import default_catalogue
from matcher.changes import Committed
from matcher.clock import SystemClock
from matcher.documents import MAX_DOCUMENT_BYTES
from matcher.errors import FailedPrecondition
from matcher.index.candidates import CandidateIndex
from matcher.index.eligibility_sets import EligibilitySets
from matcher.index.vacancies import VacancyIndex
from matcher.ports import BlobStore, Clock
from matcher.rules.registry import PolicyRegistry
from matcher.services.applications import ApplicationService
from matcher.services.audit import AuditService
from matcher.services.certificates import CertificateService
from matcher.services.documents import DocumentService
from matcher.services.eligibility import EligibilityService
from matcher.services.policies import PolicyService
from matcher.services.registration import RegistrationService
from matcher.services.sessions import SessionService
from matcher.services.vacancies import VacancyService
from server.api.applications import ApplicationServicer
from server.api.audit import AuditServicer
from server.api.certificates import CertificateServicer
from server.api.connect import ConnectDoor
from server.api.documents import DocumentServicer
from server.api.edge import GuardedServer
from server.api.eligibility import EligibilityServicer
from server.api.names import VacancyNames
from server.api.page_tokens import PageTokens
from server.api.policies import PolicyServicer
from server.api.registration import RegistrationServicer
from server.api.sessions import SessionServicer
from server.api.vacancies import VacancyServicer
from server.api.watch_tokens import WatchTokens
from server.decisions.decision_log import QueuedDecisionLog
from server.decisions.policy_check import check_in_subprocess
from server.decisions.shadow_checker import BackgroundShadowChecker
from server.observability import logs
from server.observability.metrics import Metrics
from server.observability.tracing import Tracing, tracing, with_spans
from server.replication.eligibility_watch import EligibilityWatches, Moment
from server.replication.feed import ChangeFeedReader
from server.replication.index_sync import IndexSync
from server.replication.redis_doorbell import RedisDoorbell
from server.replication.sets_keeper import SetsKeeper
from server.replication.watch_hub import WatchHub
from server.replication.watch_stream import ApplicationWatches, WatchSlots
from server.security.caller_limits import UploadBytes, rates_by_kind
from server.security.jwks import JwksKeys
from server.security.pseudonyms import SivPseudonyms
from server.security.tls import server_credentials, transport_problem
from server.security.tokens import TokenRules, TokenVerifier
from server.seed.identities import identities
from server.settings import DEMO_SECRET, Settings
from server.storage.blobs import LocalBlobStore
from server.storage.engine import make_engine, migrate, reader
from server.storage.inspection import ParsingInspector
from server.storage.s3_blobs import S3BlobStore
from server.storage.snapshots import SqlSnapshotSource
from server.storage.uow import uow_factory

log = logging.getLogger("cpmi.server")
T = TypeVar("T")

# Accept well past the 5 MB document limit so an oversized upload gets a clear
# DOCUMENT_TOO_LARGE instead of gRPC's bare RESOURCE_EXHAUSTED.
MAX_RECEIVE_BYTES = 16 * 1024 * 1024
MAX_SEND_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024
DEFAULT_POLICY = Path(matcher.rules.__file__).parent / "policies" / "default.json"
SERVICE_NAMES = tuple(
    module.DESCRIPTOR.services_by_name[name].full_name
    for module, name in (
        (registration_pb2, "RegistrationService"),
        (document_pb2, "DocumentService"),
        (vacancy_pb2, "VacancyService"),
        (eligibility_pb2, "EligibilityService"),
        (policy_pb2, "PolicyService"),
        (certificate_pb2, "CertificateService"),
        (application_pb2, "ApplicationService"),
        (audit_pb2, "AuditService"),
        (session_pb2, "SessionService"),
    )
)


@dataclass
class UseCases:
    """The use cases (matcher/services), built once per process over storage and the indexes."""

    registration: RegistrationService
    documents: DocumentService
    vacancies: VacancyService
    eligibility: EligibilityService
    policies: PolicyService
    certificates: CertificateService
    applications: ApplicationService
    audit: AuditService
    sessions: SessionService


@dataclass
class Runtime:
    """The parts that run beside the use cases in this process: the replica's indexes and
    their sync, the policy registry, the change feed and its watch hub, the background
    writers around decisions, and the metrics that read them all."""

    index: IndexSync
    sets: EligibilitySets
    keeper: SetsKeeper
    vacancy_index: VacancyIndex
    registry: PolicyRegistry
    hub: WatchHub
    feed: ChangeFeedReader
    decisions: QueuedDecisionLog
    shadow: BackgroundShadowChecker
    metrics: Metrics
    clock: Clock

    def moment(self) -> Moment:
        """What standing answers depend on: the feed's position, the day, the policy in force."""
        today = self.clock.today()
        try:
            version = self.registry.policy_on(today).version
        except FailedPrecondition:
            version = ""
        return Moment(self.feed.position, today, version)

    def close(self) -> None:
        self.keeper.stop()
        self.feed.stop()
        self.decisions.close()
        self.shadow.close()
        self.registry.close()


class EventLoopThread:
    """The asyncio loop the gRPC server lives on, in a thread of its own: the caller (the
    CLI's main thread, a test) stays free to wait for signals."""

    def __init__(self, workers: int) -> None:
        self.loop = uvloop.new_event_loop()  # measured faster than asyncio's own loop for grpc.aio
        self.loop.set_default_executor(futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rpc"))
        self._thread = threading.Thread(target=self.loop.run_forever, name="cpmi-grpc", daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)


@dataclass
class App:
    settings: Settings
    engine: Engine
    services: UseCases
    runtime: Runtime
    server: grpc.aio.Server
    health: aio_health.HealthServicer
    port: int
    draining: threading.Event
    events: EventLoopThread
    tracing: Tracing
    keys: JwksKeys | None
    door: ConnectDoor | None = None
    connect_port: int | None = None

    def stop(self) -> None:
        """Drain: health NOT_SERVING first so balancers move away, open watch streams end at
        once with UNAVAILABLE (their clients reconnect elsewhere), then stop with grace."""
        self.events.run(self.health.enter_graceful_shutdown())
        self.draining.set()
        self.runtime.hub.wake_all()
        time.sleep(self.settings.drain_seconds)
        if self.door is not None:
            self.events.run(self.door.stop())
        self.events.run(self.server.stop(self.settings.grace_seconds))
        self.events.close()
        self.runtime.close()
        self.tracing.shutdown()
        if self.keys is not None:
            self.keys.close()
        self.engine.dispose()


def build_services(settings: Settings, clock: Clock) -> tuple[Engine, UseCases, Runtime]:
    engine = make_engine(settings.db_url)
    if settings.migrate:
        migrate(engine)
    relay = AfterCommitRelay()
    uow = uow_factory(engine, relay)
    catalogue = default_catalogue()
    candidates, vacancies = CandidateIndex(), VacancyIndex()
    shadow = BackgroundShadowChecker(settings.shadow_sample)
    registry = PolicyRegistry(all_durable=settings.decision_engine == "durable", shadow=shadow)
    sets = EligibilitySets(candidates, vacancies)
    keeper = SetsKeeper(sets, registry, clock)
    index = IndexSync(SqlSnapshotSource(reader(engine)), candidates, vacancies, registry, sets, keeper)
    hub = WatchHub()
    redis = RedisDoorbell(settings.redis_url) if settings.redis_url else None
    feed = ChangeFeedReader(
        reader(engine), index, hub, redis, settings.feed_poll_seconds(), settings.stale_after_seconds
    )
    relay.target = feed.published
    position = feed.snapshot_position()
    policies = PolicyService(uow, registry, candidates, vacancies, clock, check_in_subprocess)
    policies.bootstrap(DEFAULT_POLICY.read_text(encoding="utf-8"))
    index.build()
    feed.start(position)
    keeper.start()
    decisions = QueuedDecisionLog(decision_sink(settings.decision_log), settings.log_key())
    pseudonyms = SivPseudonyms(settings.pseudonym_key())
    eligibility = EligibilityService(candidates, vacancies, registry, catalogue, decisions, clock, pseudonyms, sets)
    use_cases = UseCases(
        registration=RegistrationService(uow, clock, catalogue),
        documents=DocumentService(uow, blob_store(settings), ParsingInspector(), clock),
        vacancies=VacancyService(uow, vacancies, catalogue, clock),
        eligibility=eligibility,
        policies=policies,
        certificates=CertificateService(uow),
        applications=ApplicationService(uow, eligibility, clock, pseudonyms),
        audit=AuditService(uow),
        sessions=SessionService(uow),
    )
    runtime = Runtime(
        index=index,
        sets=sets,
        keeper=keeper,
        vacancy_index=vacancies,
        registry=registry,
        hub=hub,
        feed=feed,
        decisions=decisions,
        shadow=shadow,
        metrics=_metrics(candidates, vacancies, feed, decisions, shadow, hub, sets),
        clock=clock,
    )
    return engine, use_cases, runtime


def _listen(server: grpc.aio.Server, settings: Settings) -> int:
    """TLS (mutual with a client CA) when configured, plaintext otherwise (checked before
    start by ``transport_problem``)."""
    address = f"{settings.host}:{settings.port}"
    credentials = server_credentials(settings)
    return server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)


def token_rules(settings: Settings) -> TokenRules:
    jwks = JwksKeys(settings.jwks, settings.jwks_refresh_seconds) if settings.jwks else None
    return TokenRules(
        secret=settings.jwt_secret,
        jwks=jwks,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        leeway_seconds=settings.jwt_leeway_seconds,
    )


def decision_sink(where: str) -> TextIO | None:
    """The decision log's stream: standard error, nothing, or a file appended to."""
    if where == "off":
        return None
    if where == "stderr":
        return sys.stderr
    path = Path(where)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("a", encoding="utf-8")


def blob_store(settings: Settings) -> BlobStore:
    """The S3-compatible store when ``documents_url`` names one, the local folder otherwise."""
    if settings.documents_url.startswith("s3://"):
        return S3BlobStore(
            settings.documents_url,
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_region,
        )
    return LocalBlobStore(settings.documents_dir)


def _metrics(
    candidates: CandidateIndex,
    vacancies: VacancyIndex,
    feed: ChangeFeedReader,
    decisions: QueuedDecisionLog,
    shadow: BackgroundShadowChecker,
    hub: WatchHub,
    sets: EligibilitySets,
) -> Metrics:
    metrics = Metrics()
    for name, description, read in (
        ("cpmi_index_candidates", "Candidates in this replica's index", lambda: len(candidates)),
        ("cpmi_index_vacancies", "Vacancies in this replica's index", lambda: len(vacancies)),
        ("cpmi_feed_position", "Last outbox position this replica applied", lambda: feed.position),
        (
            "cpmi_feed_seconds_since_database",
            "Seconds since the feed last read the outbox",
            feed.seconds_since_database,
        ),
        ("cpmi_decision_log_queue_depth", "Decision records waiting to be written", lambda: decisions.depth),
        ("cpmi_decision_log_dropped", "Decision records dropped because the queue was full", lambda: decisions.dropped),
        ("cpmi_log_dropped", "Log records and access lines dropped because their queue was full", logs.dropped),
        ("cpmi_shadow_checked", "Query decisions re-decided by durable-rules", lambda: shadow.checked),
        (
            "cpmi_shadow_disagreements",
            "Query decisions where durable-rules disagreed with the compiled evaluator",
            lambda: shadow.disagreements,
        ),
        ("cpmi_shadow_dropped", "Sampled decisions dropped because the shadow queue was full", lambda: shadow.dropped),
        ("cpmi_watch_streams", "Open WatchApplications streams", lambda: len(hub)),
        (
            "cpmi_eligibility_shapes",
            "Vacancy shapes in the eligibility sets lists answer from (all ready views)",
            lambda: sum(len(v.listed) for v in sets.views),
        ),
    ):
        metrics.gauge(name, description, read)
    return metrics


class AfterCommitRelay:
    """Hands a unit of work's committed changes to the change feed built after it."""

    def __init__(self) -> None:
        self.target: Callable[[list[Committed]], None] = lambda _committed: None

    def __call__(self, committed: list[Committed]) -> None:
        self.target(committed)


def _add_servicers(
    server: grpc.Server,
    services: UseCases,
    runtime: Runtime,
    verifier: TokenVerifier,
    pages: PageTokens,
    watches: ApplicationWatches,
    uploads: UploadBytes,
    standing: EligibilityWatches,
) -> None:
    names = VacancyNames(runtime.vacancy_index.company_of)
    registration_pb2_grpc.add_RegistrationServiceServicer_to_server(
        RegistrationServicer(services.registration, verifier, pages), server
    )
    document_pb2_grpc.add_DocumentServiceServicer_to_server(
        DocumentServicer(services.documents, verifier, uploads), server
    )
    vacancy_pb2_grpc.add_VacancyServiceServicer_to_server(
        VacancyServicer(services.vacancies, verifier, pages, names), server
    )
    eligibility_pb2_grpc.add_EligibilityServiceServicer_to_server(
        EligibilityServicer(
            services.eligibility,
            verifier,
            pages,
            names,
            runtime.feed.require_fresh,
            standing,
            WatchTokens(pages.key),
        ),
        server,
    )
    policy_pb2_grpc.add_PolicyServiceServicer_to_server(PolicyServicer(services.policies, verifier, pages), server)
    certificate_pb2_grpc.add_CertificateServiceServicer_to_server(
        CertificateServicer(services.certificates, verifier), server
    )
    audit_pb2_grpc.add_AuditServiceServicer_to_server(AuditServicer(services.audit, verifier, pages), server)
    application_pb2_grpc.add_ApplicationServiceServicer_to_server(
        ApplicationServicer(services.applications, verifier, pages, names, watches), server
    )
    session_pb2_grpc.add_SessionServiceServicer_to_server(SessionServicer(services.sessions, verifier), server)


def start(settings: Settings, clock: Clock | None = None) -> App:
    """Build everything and start serving; returns once the port is bound."""
    if not settings.jwt_secret and not settings.jwks:
        raise SystemExit(
            "CPMI_JWKS (the identity provider's keys) or CPMI_JWT_SECRET (HS256) is required;"
            " `serve --demo` uses a demo secret"
        )
    if settings.decision_engine not in ("mixed", "durable"):
        raise SystemExit("CPMI_DECISION_ENGINE must be 'mixed' or 'durable'")
    if not 0 <= settings.shadow_sample <= 1:
        raise SystemExit("CPMI_SHADOW_SAMPLE must be a fraction between 0 and 1")
    if settings.max_watchers < 1:
        raise SystemExit("CPMI_MAX_WATCHERS must be at least 1")
    if problem := transport_problem(settings):
        raise SystemExit(problem)
    traced = tracing(settings.tracing)
    engine, services, runtime = build_services(settings, clock or SystemClock())
    events = EventLoopThread(settings.max_workers)
    draining = threading.Event()
    tokens = token_rules(settings)
    server, health_servicer, port, door, door_port = events.run(
        _serve(settings, services, runtime, draining, traced, tokens)
    )

    def serving(yes: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if yes else health_pb2.HealthCheckResponse.NOT_SERVING
        if not draining.is_set():
            for name in ("", *SERVICE_NAMES):
                asyncio.run_coroutine_threadsafe(health_servicer.set(name, status), events.loop)

    serving(True)  # the feed caught up from the snapshot before the port was opened
    runtime.feed.on_serving = serving
    if settings.metrics_port is not None:
        bound = runtime.metrics.serve(settings.host, settings.metrics_port)
        log.info("metrics on http://%s:%d/metrics", settings.host, bound)
    log.info("cpmi-matcher listening on %s:%d", settings.host, port)
    if door_port is not None:
        log.info("Connect and gRPC-Web on http%s://%s:%d", "s" if settings.tls_cert else "", settings.host, door_port)
    return App(
        settings,
        engine,
        services,
        runtime,
        server,
        health_servicer,
        port,
        draining,
        events,
        traced,
        tokens.jwks,
        door,
        door_port,
    )


async def _serve(
    settings: Settings,
    services: UseCases,
    runtime: Runtime,
    draining: threading.Event,
    traced: Tracing,
    tokens: TokenRules,
) -> tuple[grpc.aio.Server, aio_health.HealthServicer, int, ConnectDoor | None, int | None]:
    """Build and start the grpc.aio server, and the Connect door when asked (on the loop
    they will run on)."""
    server = grpc.aio.server(
        interceptors=traced.interceptors,
        options=[
            ("grpc.max_receive_message_length", MAX_RECEIVE_BYTES),
            ("grpc.max_send_message_length", MAX_SEND_BYTES),
        ],
    )
    edge = GuardedServer(cast(grpc.Server, server), runtime.metrics)
    guarded = cast(grpc.Server, edge)
    pages = PageTokens(settings.page_token_key())
    verifier = TokenVerifier(tokens, rates_by_kind(settings.rates(), settings.redis_url))
    slots = WatchSlots(settings.max_watchers, settings.max_watchers_per_caller)
    watches = ApplicationWatches(services.applications, runtime.hub, draining, slots, lambda: runtime.feed.position)
    standing = EligibilityWatches(slots, runtime.moment, draining)
    uploads = UploadBytes(
        settings.upload_bytes_per_caller, settings.upload_bytes_per_process, settings.upload_queue_seconds
    )
    _add_servicers(guarded, services, runtime, verifier, pages, watches, uploads, standing)
    health_servicer = aio_health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, guarded)
    names = (*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME)
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(aio_reflection.ReflectionServicer(names), guarded)
    port = _listen(server, settings)
    if port == 0:
        raise SystemExit(f"cannot listen on {settings.host}:{settings.port}")
    await server.start()
    door, door_port = None, None
    if settings.connect_port is not None:
        door = connect_door(edge.handlers, settings, traced.provider)
        door_port = await door.start(settings.host, settings.connect_port)
    return server, health_servicer, port, door, door_port


def connect_door(
    handlers: Mapping[str, grpc.RpcMethodHandler[Any, Any]], settings: Settings, provider: Any
) -> ConnectDoor:
    """The Connect and gRPC-Web door to the same handlers, with the gRPC port's TLS and,
    when tracing is on, its spans."""
    origins = frozenset(o.strip() for o in settings.connect_cors_origins.split(",") if o.strip())
    tls = (settings.tls_cert, settings.tls_key, settings.tls_client_ca) if settings.tls_cert else None
    traced = (lambda app: with_spans(app, provider)) if provider is not None else None
    page = Path(settings.web_dir) if settings.web_dir else None
    return ConnectDoor(
        handlers,
        read_max_bytes=MAX_RECEIVE_BYTES,
        cors_origins=origins,
        tls=tls,
        traced=traced,
        page=page,
        identities=demo_identities(settings),
    )


def demo_identities(settings: Settings) -> Callable[[], list[dict[str, str]]] | None:
    """The demo's people for the page to sign in as, one of each role (server/seed/identities.py),
    read afresh each time (a new candidate each time): only with ``--demo`` and the demo key
    (a token signed with a real key is never handed out)."""
    if not settings.demo or settings.jwt_secret != DEMO_SECRET:
        return None
    return lambda: identities(DEMO_SECRET)
