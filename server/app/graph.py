"""The graph: storage, the bus, the read model, the feed and the use cases, wired once.

Committed changes travel one way: a unit of work (or the feed reader) puts them on the
bus, the bus hands them to the read model, and the read model's one signal reaches the
watch hub and the sets keeper. Nothing here runs on a request's path.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine

import matcher.rules
from matcher.bus import CommittedHere, MessageBus, ReadFromFeed
from matcher.catalogue import default_catalogue
from matcher.ports import BlobStore, Clock
from matcher.read_model import ReadModel
from matcher.rules.registry import PolicyRegistry
from matcher.services.applications import ApplicationService
from matcher.services.audit import AuditService
from matcher.services.certificates import CertificateService
from matcher.services.documents import DocumentService
from matcher.services.eligibility import EligibilityService, RulesDecider
from matcher.services.policies import PolicyService
from matcher.services.registration import RegistrationService
from matcher.services.sessions import SessionService
from matcher.services.vacancies import VacancyService
from server.decisions.decision_log import QueuedDecisionLog
from server.decisions.policy_check import check_in_subprocess
from server.decisions.shadow_checker import BackgroundShadowChecker
from server.observability.gauges import process_gauges
from server.observability.logs import use_caller_key
from server.observability.metrics import Metrics
from server.observability.work_gauges import WorkGauges
from server.replication.feed import ChangeFeedReader
from server.replication.redis_doorbell import RedisDoorbell
from server.replication.sets_keeper import SetsKeeper
from server.replication.watch_hub import WatchHub
from server.security.pseudonyms import SivPseudonyms
from server.settings import Settings
from server.storage.blobs import LocalBlobStore
from server.storage.engine import make_engine, migrate, reader
from server.storage.inspection import ParsingInspector
from server.storage.s3_blobs import S3BlobStore
from server.storage.snapshots import SqlSnapshotSource
from server.storage.uow import uow_factory
from server.storage.work_counts import count_work

DEFAULT_POLICY = Path(matcher.rules.__file__).parent / "policies" / "default.json"


@dataclass
class UseCases:
    """The use cases (matcher/services), built once per process over storage and the read model."""

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
    """The parts that run beside the use cases in this process: the read model and the
    threads that feed and keep it, the watch hub, the background writers around decisions,
    and the metrics that read them all."""

    read_model: ReadModel
    keeper: SetsKeeper
    registry: PolicyRegistry
    hub: WatchHub
    feed: ChangeFeedReader
    decisions: QueuedDecisionLog
    shadow: BackgroundShadowChecker
    metrics: Metrics
    clock: Clock
    work: WorkGauges

    def close(self) -> None:
        self.work.stop()
        self.keeper.stop()
        self.feed.stop()
        self.decisions.close()
        self.shadow.close()
        self.registry.close()


def build_services(settings: Settings, clock: Clock) -> tuple[Engine, UseCases, Runtime]:
    engine = make_engine(settings.db_url)
    if settings.migrate:
        migrate(engine)
    bus = MessageBus()
    uow = uow_factory(engine, bus.committed_here)
    shadow = BackgroundShadowChecker(settings.shadow_sample)
    registry = PolicyRegistry(all_durable=settings.decision_engine == "durable", shadow=shadow)
    read = ReadModel(SqlSnapshotSource(reader(engine)), registry, clock)
    hub, keeper = WatchHub(), SetsKeeper(read.keep_sets_current)
    redis = RedisDoorbell(settings.redis_url) if settings.redis_url else None
    feed = ChangeFeedReader(
        reader(engine),
        bus.handle,
        redis,
        settings.feed_poll_seconds(),
        settings.stale_after_seconds,
        lambda: hub.event_streams() > 0,
    )
    for kind in (CommittedHere, ReadFromFeed):
        bus.route(kind, read.apply_committed)
    bus.route(CommittedHere, feed.committed_here)
    read.subscribe(hub.publish)
    read.subscribe(keeper.heard)
    position = feed.snapshot_position()
    policies = PolicyService(uow, registry, read, clock, check_in_subprocess)
    policies.bootstrap(DEFAULT_POLICY.read_text(encoding="utf-8"))
    read.build()
    feed.start(position)
    keeper.start()
    decisions = QueuedDecisionLog(decision_sink(settings.decision_log), settings.log_key())
    use_caller_key(settings.log_key())
    pseudonyms = SivPseudonyms(settings.pseudonym_key())
    catalogue = default_catalogue()
    reads = read.lookups()
    decider = RulesDecider(registry, catalogue, reads.vacancy, clock, decisions)
    eligibility = EligibilityService(reads, registry, catalogue, decisions, clock, pseudonyms, decider)
    use_cases = UseCases(
        registration=RegistrationService(uow, clock, catalogue),
        documents=DocumentService(uow, blob_store(settings), ParsingInspector(), clock),
        vacancies=VacancyService(uow, read, catalogue, clock),
        eligibility=eligibility,
        policies=policies,
        certificates=CertificateService(uow),
        applications=ApplicationService(uow, decider, eligibility.vacancy, clock, pseudonyms),
        audit=AuditService(uow),
        sessions=SessionService(uow),
    )
    metrics = process_gauges(read, feed, decisions, shadow, decider.classes)
    work = WorkGauges(partial(count_work, reader(engine)), clock.now, settings.work_counts_seconds)
    metrics.registry.register(work)
    runtime = Runtime(read, keeper, registry, hub, feed, decisions, shadow, metrics, clock, work)
    return engine, use_cases, runtime


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
