"""Prometheus metrics (`--metrics-port`, env CPMI_METRICS_PORT): per-method latency and codes,
calls in flight, index sizes, the change feed, the decision log and watch streams.

Every call is timed at the edge (one histogram observation and one counter
increment); the gauges read the live objects only when scraped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

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
        self.refusals = Counter(
            "cpmi_refusals",
            "Calls refused on purpose, by their ErrorInfo reason (a stable code)",
            ["reason"],
            registry=self.registry,
        )
        self.eligibility_refusals = Counter(
            "cpmi_eligibility_refusals",
            "Reasons of NOT_ELIGIBLE refusals (Apply), by the policy's reason code",
            ["code"],
            registry=self.registry,
        )
        # Counted by the edge on the event loop's thread, read by the gauge when scraped.
        self.calls_in_flight = 0
        Gauge("cpmi_rpc_in_flight", "Calls being answered now", registry=self.registry).set_function(
            lambda: self.calls_in_flight
        )

    def meter(self, method: str) -> MethodMeter:
        """The latency and answer counters of ``method``, looked up once for all its calls."""
        return MethodMeter(self, method)

    def gauge(self, name: str, description: str, read: Callable[[], float]) -> None:
        """A gauge whose value is read from the live object at each scrape."""
        Gauge(name, description, registry=self.registry).set_function(read)

    def labelled_gauge(self, name: str, description: str, label: str, read: Callable[[], Mapping[str, float]]) -> None:
        """A gauge with one label, each value read from the live object at each scrape."""
        self.registry.register(_ReadGauge(name, description, label, read))

    def refused(self, reason: str, rule_codes: str = "") -> None:
        """A call refused with ``reason``; ``rule_codes``: the policy's codes of a NOT_ELIGIBLE
        refusal, comma separated."""
        self.refusals.labels(reason).inc()
        for code in filter(None, rule_codes.split(",")):
            self.eligibility_refusals.labels(code).inc()

    def serve(self, host: str, port: int, ready: Callable[[], bool] = lambda: True) -> int:
        """Serve /metrics, /healthz (the process answers) and /readyz (200 while the gRPC health
        status is SERVING, 503 otherwise, as ``ready`` says) over HTTP, 404 elsewhere; the port
        bound (a free one for 0)."""
        server = ThreadingHTTPServer((host, port), _handler(self.registry, ready))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
        return int(server.server_address[1])


def _handler(registry: CollectorRegistry, ready: Callable[[], bool]) -> type[BaseHTTPRequestHandler]:
    class MetricsPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._answer(200, generate_latest(registry), CONTENT_TYPE_LATEST)
            elif path == "/healthz":
                self._answer(200, b"ok\n")
            elif path == "/readyz":
                yes = ready()
                self._answer(200 if yes else 503, b"SERVING\n" if yes else b"NOT_SERVING\n")
            else:
                self._answer(404, b"not found: /metrics, /healthz, /readyz\n")

        def _answer(self, status: int, body: bytes, kind: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Scrapes are not access lines."""

    return MetricsPage


class _ReadGauge(Collector):
    def __init__(self, name: str, description: str, label: str, read: Callable[[], Mapping[str, float]]) -> None:
        self._name, self._description, self._label, self._read = name, description, label, read

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(self._name, self._description, labels=[self._label])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(self._name, self._description, labels=[self._label])
        for value, n in sorted(self._read().items()):
            family.add_metric([value], n)
        yield family


class MethodMeter:
    """One method's histogram and OK counter with their labels already applied: a call pays
    an observation and an increment, not a label lookup under the metric's lock."""

    def __init__(self, metrics: Metrics, method: str) -> None:
        self._metrics = metrics
        self._method = method
        self._latency = metrics.latency.labels(method)
        self._ok = metrics.answers.labels(method, "OK")

    def observe(self, started: float, code: str) -> float:
        """Record a call that began at ``started`` (perf_counter) and ended with ``code``;
        the seconds it took."""
        seconds = time.perf_counter() - started
        self._latency.observe(seconds)
        (self._ok if code == "OK" else self._metrics.answers.labels(self._method, code)).inc()
        return seconds
