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


def with_spans(app: Any, provider: Any) -> Any:
    """An ASGI app (the Connect door) with a server span per request, joining the caller's
    W3C trace like the gRPC interceptor does; the answer's HTTP status is recorded."""
    from opentelemetry.propagate import extract
    from opentelemetry.trace import SpanKind, StatusCode

    tracer = provider.get_tracer("cpmi.connect")

    async def serve(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        carrier = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", ())}
        method = scope["path"].strip("/")
        attributes = {"rpc.system": "connect", "rpc.method": method}
        with tracer.start_as_current_span(
            method, context=extract(carrier), kind=SpanKind.SERVER, attributes=attributes
        ) as span:

            async def recorded(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    span.set_attribute("http.response.status_code", message["status"])
                    if message["status"] >= 500:
                        span.set_status(StatusCode.ERROR)
                await send(message)

            await app(scope, receive, recorded)

    return serve


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
