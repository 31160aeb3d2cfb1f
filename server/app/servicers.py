"""The server's table of servicers: every service on the guarded gRPC server (and the
Connect door to the same handlers), each over its use case and the edge's parts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import grpc
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
from grpc_health.v1 import health, health_pb2_grpc
from grpc_reflection.v1alpha import _async as aio_reflection
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc

from matcher.documents import MAX_DOCUMENT_BYTES
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
from server.app.graph import Runtime, UseCases
from server.observability.tracing import Tracing, with_spans
from server.replication.application_streams import ApplicationStreams, WatchSlots
from server.replication.standing_queries import StandingQueries
from server.security.caller_limits import UploadBytes, rates_by_kind
from server.security.tls import server_credentials
from server.security.tokens import TokenRules, TokenVerifier
from server.seed.identities import identities
from server.settings import DEMO_SECRET, Settings

# Accept well past the 5 MB document limit so an oversized upload gets a clear
# DOCUMENT_TOO_LARGE instead of gRPC's bare RESOURCE_EXHAUSTED.
MAX_RECEIVE_BYTES = 16 * 1024 * 1024
MAX_SEND_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024
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


def _add_servicers(
    server: grpc.Server,
    services: UseCases,
    runtime: Runtime,
    verifier: TokenVerifier,
    pages: PageTokens,
    streams: ApplicationStreams,
    uploads: UploadBytes,
    standing: StandingQueries,
) -> None:
    names = VacancyNames(runtime.read_model.company_of)
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
        ApplicationServicer(services.applications, verifier, pages, names, streams), server
    )
    session_pb2_grpc.add_SessionServiceServicer_to_server(SessionServicer(services.sessions, verifier), server)


async def serve(
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
    runtime.metrics.labelled_gauge(
        "cpmi_watch_streams", "Open watch streams, by kind (WatchApplications, standing queries)", "kind", slots.by_kind
    )

    def delivered() -> int:
        return runtime.read_model.moment().position

    streams = ApplicationStreams(services.applications, runtime.hub, draining, slots, delivered)
    standing = StandingQueries(slots, runtime.hub, draining)
    uploads = UploadBytes(
        settings.upload_bytes_per_caller, settings.upload_bytes_per_process, settings.upload_queue_seconds
    )
    _add_servicers(guarded, services, runtime, verifier, pages, streams, uploads, standing)
    health_servicer = aio_health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, guarded)
    names = (*SERVICE_NAMES, health.SERVICE_NAME, reflection.SERVICE_NAME, REFLECTION_V1)
    reflector = aio_reflection.ReflectionServicer(names)
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(reflector, guarded)
    _add_reflection_v1(reflector, guarded)
    port = _listen(server, settings)
    if port == 0:
        raise SystemExit(f"cannot listen on {settings.host}:{settings.port}")
    await server.start()
    door, door_port = None, None
    if settings.connect_port is not None:
        door = connect_door(edge.handlers, settings, traced.provider)
        door_port = await door.start(settings.host, settings.connect_port)
    return server, health_servicer, port, door, door_port


REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"


def _add_reflection_v1(reflector: aio_reflection.ReflectionServicer, server: grpc.Server) -> None:
    """grpc.reflection.v1, which current tools (grpcurl, grpc-go's reflection client) ask first.
    grpcio-reflection ships only v1alpha; the two protocols' messages are the same on the wire
    (v1 only renamed the package), so v1alpha's servicer answers v1 at v1's path."""
    messages = reflection_pb2_grpc.grpc__reflection_dot_v1alpha_dot_reflection__pb2
    methods = {
        "ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(
            reflector.ServerReflectionInfo,
            request_deserializer=messages.ServerReflectionRequest.FromString,
            response_serializer=messages.ServerReflectionResponse.SerializeToString,
        )
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(REFLECTION_V1, methods),))
    server.add_registered_method_handlers(REFLECTION_V1, methods)  # type: ignore[attr-defined]


def _listen(server: grpc.aio.Server, settings: Settings) -> int:
    """TLS (mutual with a client CA) when configured, plaintext otherwise (checked before
    start by ``transport_problem``)."""
    address = f"{settings.host}:{settings.port}"
    credentials = server_credentials(settings)
    return server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)


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
