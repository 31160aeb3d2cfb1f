"""OpenTelemetry tracing: off, its gRPC instrumentation is not loaded; on, every call is a span that joins
the caller's trace (W3C traceparent)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import grpc
from cpmi.matching.v1 import vacancy_pb2, vacancy_pb2_grpc

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import start
from server.security.tokens import issue_token
from tests.conftest import NOW, SECRET, make_settings

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def test_a_call_is_a_span_in_the_callers_trace(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.tracing = f"file:{tmp_path / 'spans.json'}"
    app = start(settings, FixedClock(NOW))
    try:
        metadata = (
            ("authorization", f"Bearer {issue_token(SECRET, Role.OPERATOR, 'ops')}"),
            ("traceparent", f"00-{TRACE_ID}-00f067aa0ba902b7-01"),
        )
        with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            vacancy_pb2_grpc.VacancyServiceStub(channel).ListVacancies(
                vacancy_pb2.ListVacanciesRequest(), metadata=metadata, timeout=10
            )
    finally:
        app.stop()  # exports what is queued
    spans = _spans((tmp_path / "spans.json").read_text())
    (span,) = [s for s in spans if s["name"].endswith("VacancyService/ListVacancies")]
    assert span["context"]["trace_id"] == f"0x{TRACE_ID}"
    assert span["parent_id"] == "0x00f067aa0ba902b7"
    assert span["attributes"]["rpc.grpc.status_code"] == 0


def test_a_connect_call_is_a_span_in_the_callers_trace_too(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.tracing, settings.connect_port = f"file:{tmp_path / 'spans.json'}", 0
    app = start(settings, FixedClock(NOW))
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{app.connect_port}/cpmi.matching.v1.VacancyService/ListVacancies",
            b"{}",
            {
                "content-type": "application/json",
                "authorization": f"Bearer {issue_token(SECRET, Role.OPERATOR, 'ops')}",
                "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
    finally:
        app.stop()
    spans = _spans((tmp_path / "spans.json").read_text())
    (span,) = [s for s in spans if s["name"] == "cpmi.matching.v1.VacancyService/ListVacancies"]
    assert span["context"]["trace_id"] == f"0x{TRACE_ID}" and span["parent_id"] == "0x00f067aa0ba902b7"
    assert span["attributes"]["rpc.system"] == "connect" and span["attributes"]["http.response.status_code"] == 200


def test_off_the_grpc_instrumentation_is_not_even_imported() -> None:
    # (redis-py itself loads OpenTelemetry's API when it is installed; the interceptor is ours.)
    probe = "import sys, server.app; print(any(m.startswith('opentelemetry.instrumentation') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "False"


def _spans(text: str) -> list[dict[str, Any]]:
    """The console exporter writes indented JSON objects one after another."""
    decoder, spans, at = json.JSONDecoder(), [], 0
    while at < len(text):
        with contextlib.suppress(IndexError):
            while text[at].isspace():
                at += 1
        if at >= len(text):
            break
        span, at = decoder.raw_decode(text, at)
        spans.append(span)
    return spans
