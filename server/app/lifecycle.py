"""The lifecycle: start (the loop thread, the servers, health), and the drain order at stop."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Coroutine
from concurrent import futures
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc
import uvloop
from grpc_health.v1 import _async as aio_health
from grpc_health.v1 import health_pb2
from sqlalchemy.engine import Engine

from matcher.clock import SystemClock
from matcher.ports import Clock
from server.api.connect import ConnectDoor
from server.app.graph import Runtime, UseCases, build_services
from server.app.servicers import SERVICE_NAMES, serve
from server.observability.tracing import Tracing, tracing
from server.security.jwks import JwksKeys
from server.security.tls import transport_problem
from server.security.tokens import TokenRules
from server.settings import Settings

log = logging.getLogger("cpmi.server")
T = TypeVar("T")


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


def token_rules(settings: Settings) -> TokenRules:
    jwks = JwksKeys(settings.jwks, settings.jwks_refresh_seconds) if settings.jwks else None
    return TokenRules(
        secret=settings.jwt_secret,
        jwks=jwks,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        leeway_seconds=settings.jwt_leeway_seconds,
    )


def start(settings: Settings, clock: Clock | None = None) -> App:
    """Build everything and start serving; returns once the port is bound."""
    settings.validate()
    if problem := transport_problem(settings):
        raise SystemExit(problem)
    traced = tracing(settings.tracing)
    engine, services, runtime = build_services(settings, clock or SystemClock())
    events = EventLoopThread(settings.max_workers)
    draining = threading.Event()
    tokens = token_rules(settings)
    server, health_servicer, port, door, door_port = events.run(
        serve(settings, services, runtime, draining, traced, tokens)
    )

    ready = threading.Event()

    def serving(yes: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if yes else health_pb2.HealthCheckResponse.NOT_SERVING
        (ready.set if yes else ready.clear)()
        if not draining.is_set():
            for name in ("", *SERVICE_NAMES):
                asyncio.run_coroutine_threadsafe(health_servicer.set(name, status), events.loop)

    serving(True)  # the feed caught up from the snapshot before the port was opened
    runtime.feed.on_serving = serving
    if settings.metrics_port is not None:
        runtime.work.start()
        bound = runtime.metrics.serve(
            settings.host, settings.metrics_port, lambda: ready.is_set() and not draining.is_set()
        )
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
