"""Fixtures: a real cpmi-matcher on loopback (SQLite file, documents on disk) and clients per role."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cpmi_client import Client

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from server.settings import Settings
from tests.postgres import postgres_url

SECRET = "test-secret-0123456789-0123456789-abcdef"
# 2026-11-27 10:00 WIB: tests judge dates against a fixed "today".
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)

ClientFor = Callable[[Role, str], Client]


# Decision logs written by the servers tests start: scanned like every log line.
DECISION_LOGS: list[Path] = []


def make_settings(tmp: Path, db_url: str | None = None) -> Settings:
    DECISION_LOGS.append(tmp / "decisions.jsonl")
    return Settings(
        db_url=db_url or f"sqlite:///{tmp / 'cpmi.db'}",
        documents_dir=tmp / "documents",
        host="127.0.0.1",
        port=0,
        jwt_secret=SECRET,
        max_workers=16,
        max_watchers=4,
        drain_seconds=0.0,
        grace_seconds=1.0,
        decision_log=str(tmp / "decisions.jsonl"),
        rate_per_second=0,  # the tests call far faster than any person (test_limits sets its own)
    )


@pytest.fixture(scope="session")
def clock() -> FixedClock:
    return FixedClock(NOW)


# Every test of the API runs on both backends the service ships for: the embedded default
# and PostgreSQL (one pgserver per run, a fresh database for each server; tests/postgres.py).
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def _server(tmp: Path, backend: str, clock: FixedClock) -> Iterator[App]:
    with ExitStack() as stack:
        url = stack.enter_context(postgres_url()) if backend == "postgresql" else None
        running = start(make_settings(tmp, db_url=url), clock)
        stack.callback(running.stop)
        yield running


@pytest.fixture(scope="session", params=BACKENDS)
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    """The server the API tests talk to, on SQLite and on PostgreSQL in turn."""
    with _server(tmp_path_factory.mktemp(f"server-{request.param}"), request.param, clock) as running:
        yield running


@pytest.fixture(scope="session")
def postgres_app(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    """A server of its own on a real PostgreSQL (pgserver, or CPMI_TEST_POSTGRES_URL)."""
    with _server(tmp_path_factory.mktemp("pg-app"), "postgresql", clock) as running:
        yield running


@pytest.fixture(scope="session")
def target(app: App) -> str:
    return f"127.0.0.1:{app.port}"


@pytest.fixture(scope="session")
def client_for(target: str) -> Iterator[ClientFor]:
    base = Client(target)
    yield lambda role, subject: base.with_token(issue_token(SECRET, role, subject, actor="tester"))
    base.close()


_ids = itertools.count(1)


@pytest.fixture
def candidate_id() -> str:
    """A fresh candidate id per test (the server is shared by the session)."""
    return f"cand-{next(_ids):04d}"


@pytest.fixture
def nik_serial() -> Callable[[], str]:
    """Distinct seed-like NIKs: a NIK can be submitted by one account only."""
    return lambda: f"130710090296{next(_ids) + 1000:04d}"


class _EveryLogLine(logging.Handler):
    """Keeps every line the whole test run logs, tracebacks included."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


# Identity numbers a log line must never hold whole: a NIK or KK number (16 digits standing
# alone, not inside a hex id such as a decision id) or the seed's BPJS card number.
_PERSONAL_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{16}|23045678901)(?![0-9A-Za-z])")


@pytest.fixture(scope="session", autouse=True)
def no_personal_numbers_in_any_log_line() -> Iterator[None]:
    """Every log line of the whole run is scanned at its end; one with a whole NIK, KK or
    BPJS number fails the run."""
    handler, root = _EveryLogLine(), logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield
    root.removeHandler(handler)
    root.setLevel(previous)
    decisions = [line for path in DECISION_LOGS if path.exists() for line in path.read_text().splitlines()]
    leaks = [line[:300] for line in handler.lines + decisions if _PERSONAL_NUMBER.search(line)]
    assert not leaks, f"{len(leaks)} log lines hold a whole identity number, e.g.: {leaks[:3]}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly at the end of the run when the browser test did not run."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("BROWSER TEST DID NOT RUN" in str(getattr(report, "longrepr", "")) for report in skipped):
        terminalreporter.write_sep("!", "THE BROWSER TEST DID NOT RUN: chromium is not installed", red=True, bold=True)


# The tier of a test is the folder it sits in; the rest of tests/ is the gRPC tier.
_TIERS = {"unit": "unit", "service": "service"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier, so `-m unit`, `-m service` or `-m grpc` runs one."""
    root = Path(__file__).parent
    for item in items:
        folder = item.path.relative_to(root).parts[0] if item.path.is_relative_to(root) else ""
        item.add_marker(getattr(pytest.mark, _TIERS.get(folder, "grpc")))
