"""`benchmarks/locustfile.py` against a real server: candidates, P3MI and Dinas users run their
scenarios, and the run passes or fails on its p95 and error-ratio gate."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.clock import SystemClock
from server.app import App, start
from tests.conftest import SECRET, make_settings
from tests.test_seed_synthetic import seed

LOCUSTFILE = Path(__file__).resolve().parents[1] / "benchmarks" / "locustfile.py"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    folder = tmp_path_factory.mktemp("locust")
    seed(folder / "load.db")
    app = start(make_settings(folder, db_url=f"sqlite:///{folder / 'load.db'}"), SystemClock())
    yield app
    app.stop()


def run_locust(app: App, **limits: str) -> subprocess.CompletedProcess[str]:
    locust = str(Path(sys.executable).parent / "locust")
    command = [locust, "-f", str(LOCUSTFILE), "--headless", "-u", "9", "-r", "9", "-t", "5s", "--only-summary"]
    environment = os.environ | {"CPMI_JWT_SECRET": SECRET} | limits
    return subprocess.run(
        [*command, "--host", f"127.0.0.1:{app.port}"], capture_output=True, text=True, env=environment, timeout=120
    )


def test_every_kind_of_user_runs_its_scenario_and_the_gate_passes(server: App) -> None:
    run = run_locust(server)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "load gate PASS" in output
    for call in ("ListEligibleVacancies", "CheckEligibility", "ListEligibleCandidates", "ListSubmittedRegistrations"):
        assert f"grpc     {call} " in output, f"{call} was never called:\n{output[-3000:]}"


def test_the_gate_fails_the_run_past_its_latency_limit(server: App) -> None:
    run = run_locust(server, CPMI_LOCUST_MAX_P95_MS="0.001")
    assert run.returncode == 1 and "load gate FAIL" in run.stdout + run.stderr
