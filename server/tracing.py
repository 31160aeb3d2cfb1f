"""OpenTelemetry tracing of every RPC, through the gRPC instrumentation's server interceptor.

Off by default, and then neither the SDK's tracer nor the interceptor is set up
(the instrumentation is not even imported): the hot path pays nothing. ``CPMI_TRACING`` (or ``serve --tracing``) turns it on:

- ``otlp``: spans to an OpenTelemetry collector over OTLP/gRPC, configured by the
  standard ``OTEL_EXPORTER_OTLP_*`` variables (endpoint, headers, certificate);
- ``file:PATH``: spans as JSON, one after another, appended to PATH (no collector
  at hand: a laptop, a test, an incident);
- ``console``: the same on standard output.

A caller's W3C ``traceparent`` header is honoured, so our span joins the
frontend's trace. Spans leave through the SDK's batch processor (a bounded
queue and a background exporter), never on the request path.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Tracing:
    interceptors: list[Any]
    provider: Any = None

    def shutdown(self) -> None:
        """Export what is queued, then stop."""
        if self.provider is not None:
            self.provider.shutdown()


def tracing(setting: str) -> Tracing:
    if not setting:
        return Tracing([])
    from opentelemetry.instrumentation.grpc import aio_server_interceptor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": "cpmi-matcher"}))
    provider.add_span_processor(BatchSpanProcessor(_exporter(setting)))
    interceptor = aio_server_interceptor(tracer_provider=provider)  # type: ignore[no-untyped-call]
    return Tracing([interceptor], provider)


def _exporter(setting: str) -> Any:
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    if setting == "otlp":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    if setting == "console":
        return ConsoleSpanExporter(out=sys.stdout)
    if setting.startswith("file:"):
        path = Path(setting.removeprefix("file:"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return ConsoleSpanExporter(out=path.open("a", encoding="utf-8"))
    raise SystemExit(f"CPMI_TRACING must be otlp, console or file:PATH, not {setting!r}")
