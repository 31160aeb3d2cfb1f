"""How soon a standing query hears of a fitting vacancy committed on this replica: a
candidate watches WatchEligibleVacancies over gRPC, a P3MI posts vacancies through the use
case, and each gap from the commit's return to the message's arrival is timed (pushed by
the read model's signal; standing queries polled every 200 ms before)."""

from __future__ import annotations

import queue
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cpmi_client import Client

from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.vacancy import EmployerType, Openings, Vacancy
from server.app import UseCases, start
from server.security.tokens import issue_token
from server.seed.demo import register_candidate
from server.settings import Settings

SECRET = "standing-bench-secret-0123456789abcdef0123"
POSTS = 50


def first_notice_ms(posts: int = POSTS) -> list[float]:
    """Milliseconds from each commit to its message, ``posts`` vacancies one after another."""
    clock = FixedClock(datetime(2026, 11, 27, 3, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            db_url=f"sqlite:///{tmp}/standing.db",
            documents_dir=Path(tmp) / "docs",
            host="127.0.0.1",
            port=0,
            jwt_secret=SECRET,
            decision_log="off",
            drain_seconds=0.0,
            grace_seconds=1.0,
            rate_per_second=0,
        )
        app = start(settings, clock)
        try:
            return _timed_posts(app.services, app.port, clock, posts)
        finally:
            app.stop()


def _timed_posts(services: UseCases, port: int, clock: FixedClock, posts: int) -> list[float]:
    today = clock.today()
    registration = register_candidate(services, "standing-1", "1307104104950001", today)
    services.registration.verify(Principal(Role.DINAS, "1307", "bench"), "standing-1", registration.etag, NO_KEY)
    client = Client(f"127.0.0.1:{port}").with_token(issue_token(SECRET, Role.CANDIDATE, "standing-1"))
    watch = client.watch_eligible_vacancies("standing-1")
    heard: queue.Queue[float] = queue.Queue()

    def listen() -> None:
        for _change in watch:
            heard.put(time.perf_counter())

    threading.Thread(target=listen, daemon=True).start()
    watch.wait_open()
    owner, gaps = Principal(Role.P3MI, "pt-standing"), []
    for _ in range(posts):
        services.vacancies.create(owner, "pt-standing", _fitting(today), NO_KEY)
        committed = time.perf_counter()
        gaps.append((heard.get(timeout=10) - committed) * 1000)
    watch.cancel()
    client.close()
    return gaps


def _fitting(today: date) -> Vacancy:
    return Vacancy(
        id="",
        company_id="pt-standing",
        title="Operator Produksi",
        occupation_code="9111",
        country_code="MY",
        employer_type=EmployerType.COMPANY,
        openings=Openings(male=0, female=20, either=5),
        closing_date=today + timedelta(days=30),
    )


def measure_standing_queries() -> list[tuple[str, str]]:
    gaps = sorted(first_notice_ms())
    p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))]
    return [
        (
            f"standing query's notice of a fitting vacancy committed on this replica, {POSTS} posts: p50 / p99",
            f"{statistics.median(gaps):.1f} / {p99:.1f} ms",
        )
    ]


if __name__ == "__main__":
    print(measure_standing_queries())
