"""Prometheus metrics: per-method latency and codes, and the live gauges of a replica."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from pathlib import Path

from cpmi_client import Client, NotFound

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import start
from server.security.tokens import issue_token
from tests.cluster import free_port
from tests.conftest import NOW, SECRET, make_settings


def test_metrics_show_calls_by_method_and_code_and_the_replicas_state(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.metrics_port = free_port()
    app = start(settings, FixedClock(NOW))
    try:
        with Client(f"127.0.0.1:{app.port}", issue_token(SECRET, Role.OPERATOR, "ops")) as client:
            for _ in range(3):
                with contextlib.suppress(NotFound):
                    client.check_eligibility("nobody", "vacancies/none")
        page = urllib.request.urlopen(f"http://127.0.0.1:{settings.metrics_port}/metrics", timeout=5).read().decode()
    finally:
        app.stop()
    assert 'cpmi_rpc_answers_total{code="NOT_FOUND",method="EligibilityService/CheckEligibility"} 3.0' in page
    assert 'cpmi_rpc_latency_seconds_count{method="EligibilityService/CheckEligibility"} 3.0' in page
    for gauge in (
        "cpmi_index_candidates",
        "cpmi_feed_position",
        "cpmi_feed_seconds_since_database",
        "cpmi_decision_log_queue_depth",
        "cpmi_decision_log_dropped",
        "cpmi_log_dropped",
        "cpmi_watch_streams",
        "cpmi_shadow_checked",
        "cpmi_shadow_disagreements",
        "cpmi_rpc_in_flight",
    ):
        assert f"\n{gauge} " in page, gauge


def status_of(url: str) -> int:
    try:
        return int(urllib.request.urlopen(url, timeout=5).status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_metrics_port_answers_liveness_readiness_and_404_elsewhere(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.metrics_port = free_port()
    app = start(settings, FixedClock(NOW))
    base = f"http://127.0.0.1:{settings.metrics_port}"
    try:
        assert status_of(f"{base}/healthz") == 200
        assert status_of(f"{base}/readyz") == 200
        assert status_of(f"{base}/") == 404
        assert status_of(f"{base}/metricsx") == 404
        assert app.runtime.feed.on_serving is not None
        app.runtime.feed.on_serving(False)  # the feed fell behind: gRPC health NOT_SERVING
        assert status_of(f"{base}/readyz") == 503
        assert status_of(f"{base}/healthz") == 200
        app.runtime.feed.on_serving(True)
        assert status_of(f"{base}/readyz") == 200
    finally:
        app.stop()
