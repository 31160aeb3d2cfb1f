"""The composition root: wires storage, use cases and servicers into one gRPC server."""

from __future__ import annotations

import logging
import time
from concurrent import futures
from dataclasses import dataclass

import grpc
from cpmi.matching.v1 import document_pb2, document_pb2_grpc, registration_pb2, registration_pb2_grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from sqlalchemy.engine import Engine

from matcher.clock import SystemClock
from matcher.documents import MAX_DOCUMENT_BYTES
from matcher.ports import Clock
from matcher.services.documents import DocumentService
from matcher.services.registration import RegistrationService
from server.api.documents import DocumentServicer
from server.api.registration import RegistrationServicer
from server.auth import TokenVerifier
from server.settings import Settings
from server.storage.blobs import LocalBlobStore
from server.storage.engine import make_engine, migrate
from server.storage.uow import uow_factory

log = logging.getLogger("cpmi.server")

# Accept well past the 5 MB document limit so an oversized upload gets a clear
# DOCUMENT_TOO_LARGE instead of gRPC's bare RESOURCE_EXHAUSTED.
MAX_RECEIVE_BYTES = 16 * 1024 * 1024
MAX_SEND_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024
SERVICE_NAMES = (
    registration_pb2.DESCRIPTOR.services_by_name["RegistrationService"].full_name,
    document_pb2.DESCRIPTOR.services_by_name["DocumentService"].full_name,
)


@dataclass
class Services:
    """The use cases, built once per process."""

    registration: RegistrationService
    documents: DocumentService


@dataclass
class App:
    settings: Settings
    engine: Engine
    services: Services
    server: grpc.Server
    health: health.HealthServicer
    port: int

    def stop(self) -> None:
        """Drain: health NOT_SERVING first so balancers move away, then stop with grace."""
        self.health.enter_graceful_shutdown()
        time.sleep(self.settings.drain_seconds)
        self.server.stop(self.settings.grace_seconds).wait()
        self.engine.dispose()


def build_services(settings: Settings, clock: Clock) -> tuple[Engine, Services]:
    engine = make_engine(settings.db_url)
    migrate(engine)
    uow = uow_factory(engine)
    blobs = LocalBlobStore(settings.documents_dir)
    return engine, Services(
        registration=RegistrationService(uow, clock),
        documents=DocumentService(uow, blobs, clock),
    )


def start(settings: Settings, clock: Clock | None = None) -> App:
    """Build everything and start serving; returns once the port is bound."""
    if not settings.jwt_secret:
        raise SystemExit("CPMI_JWT_SECRET (or --jwt-secret) is required; `serve --demo` uses a demo secret")
    engine, services = build_services(settings, clock or SystemClock())
    verifier = TokenVerifier(settings.jwt_secret)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.max_workers, thread_name_prefix="rpc"),
        options=[
            ("grpc.max_receive_message_length", MAX_RECEIVE_BYTES),
            ("grpc.max_send_message_length", MAX_SEND_BYTES),
        ],
    )
    registration_pb2_grpc.add_RegistrationServiceServicer_to_server(
        RegistrationServicer(services.registration, verifier), server
    )
    document_pb2_grpc.add_DocumentServiceServicer_to_server(DocumentServicer(services.documents, verifier), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection((*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_insecure_port(f"{settings.host}:{settings.port}")
    if port == 0:
        raise SystemExit(f"cannot listen on {settings.host}:{settings.port}")
    server.start()
    for name in ("", *SERVICE_NAMES):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("cpmi-matcher listening on %s:%d", settings.host, port)
    return App(settings, engine, services, server, health_servicer, port)
