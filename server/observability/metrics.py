"""Prometheus metrics (`--metrics-port`, env CPMI_METRICS_PORT): per-method latency and codes,
calls in flight, index sizes, the change feed, the decision log and watch streams.

Every call is timed at the edge (one histogram observation and one counter
increment); the gauges read the live objects only when scraped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.latency = Histogram(
            "cpmi_rpc_latency_seconds",
            "Time to answer, by method",
            ["method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "cpmi_rpc_answers", "Calls answered, by method and gRPC code", ["method", "code"], registry=self.registry
        )
        self.in_flight = Gauge("cpmi_rpc_in_flight", "Calls being answered now", registry=self.registry)

    def observe(self, method: str, started: float, code: str) -> None:
        self.latency.labels(method).observe(time.perf_counter() - started)
        self.answers.labels(method, code).inc()

    def gauge(self, name: str, description: str, read: Callable[[], float]) -> None:
        """A gauge whose value is read from the live object at each scrape."""
        Gauge(name, description, registry=self.registry).set_function(read)

    def serve(self, host: str, port: int) -> int:
        """Serve /metrics over HTTP; the port bound (a free one for 0)."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        return int(server.server_port)
