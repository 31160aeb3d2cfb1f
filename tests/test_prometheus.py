"""The shipped Prometheus rules (deploy/prometheus): promtool checks them and runs their unit
tests (every alert firing and not firing), and a real Prometheus scrapes a running replica's
metrics port and answers a series and a recording rule back through its HTTP API."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cluster import free_port, start_replica, until
from tests.prometheus import RULES, binary, start_prometheus


def _needed(name: str) -> str:
    found = binary(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (.ci/run installs Debian's prometheus)")
        pytest.skip(f"{name} is not installed: apt-get install prometheus (.ci/run does it)")
    return found


@pytest.mark.parametrize("check", [["check", "rules", "rules.yml"], ["check", "config", "prometheus.yml"]])
def test_promtool_accepts_the_rules_and_the_demo_config(check: list[str]) -> None:
    done = subprocess.run([_needed("promtool"), *check], cwd=RULES, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_fires_and_stays_quiet_as_its_unit_tests_say() -> None:
    done = subprocess.run(
        [_needed("promtool"), "test", "rules", "tests.yml"], cwd=RULES, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rules = (RULES / "rules.yml").read_text()
    tests = (RULES / "tests.yml").read_text()
    alerts = [line.split(":", 1)[1].strip() for line in rules.splitlines() if line.strip().startswith("- alert:")]
    runbook = (RULES.parents[1] / "docs" / "operations.md").read_text()
    for alert in alerts:
        assert f"alertname: {alert}, eval_time" in tests, f"{alert} has no test where it stays quiet"
        assert f"alertname: {alert}\n" in tests, f"{alert} has no test where it fires"
        assert f"### {alert}" in runbook, f"{alert} has no runbook paragraph"


def test_a_real_prometheus_scrapes_a_replica_and_answers_its_series(tmp_path: Path) -> None:
    _needed("prometheus")
    metrics_port = free_port()
    replica = start_replica(
        f"sqlite:///{tmp_path / 'cpmi.db'}", tmp_path / "documents", extra={"CPMI_METRICS_PORT": str(metrics_port)}
    )
    prometheus = start_prometheus(tmp_path / "prometheus", [f"127.0.0.1:{metrics_port}"])
    try:
        until(lambda: prometheus.query('up{job="cpmi-matcher"} == 1'), timeout=30, step=0.3)
        until(lambda: prometheus.query("cpmi:feed_positions_behind"), timeout=30, step=0.3)
        [series] = prometheus.query("cpmi_index_vacancies")
        behind = prometheus.query("cpmi:feed_positions_behind")
    finally:
        prometheus.stop()
        replica.stop()
    assert series["metric"]["instance"] == f"127.0.0.1:{metrics_port}"
    assert float(series["value"][1]) >= 0
    assert [float(b["value"][1]) for b in behind] == [0.0]
