"""Applications committed durably per second, through the real use case (the decision of
record by durable-rules, insert, history event, outbox, audit row, index update): on the
embedded SQLite (WAL, synchronous=FULL) and on PostgreSQL (pgserver, or
CPMI_TEST_POSTGRES_URL), from 16 threads at once, as a server's workers would."""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.vacancy import EmployerType, Openings, Vacancy
from server.app import build_services
from server.seed.demo import register_candidate
from server.settings import Settings

APPLICANTS = 1000
WRITERS = 16


def measure_application_commits(clock: FixedClock) -> tuple[list[tuple[str, str]], dict[str, float]]:
    from tests.postgres import postgres_url

    with tempfile.TemporaryDirectory() as tmp:
        on_sqlite = applications_per_second(clock, f"sqlite:///{tmp}/commits.db", Path(tmp), writers=WRITERS)
        with postgres_url(Path(tmp) / "pg") as url:
            on_postgres = applications_per_second(clock, url, Path(tmp), writers=WRITERS)
    rows = [
        (
            f"Apply committed/s, SQLite file, {WRITERS} writers (decision + insert + event + outbox + audit + index)",
            f"{on_sqlite:,.0f}",
        ),
        (f"Apply committed/s, PostgreSQL, {WRITERS} writers", f"{on_postgres:,.0f}"),
    ]
    return rows, {"apply_per_s_sqlite": on_sqlite, "apply_per_s_postgresql": on_postgres}


def applications_per_second(clock: FixedClock, db_url: str, tmp: Path, writers: int) -> float:
    settings = Settings(db_url=db_url, documents_dir=tmp / "docs", jwt_secret="x" * 40, decision_log="off")
    engine, services, runtime = build_services(settings, clock)
    today = clock.today()
    company = Principal(Role.P3MI, "pt-bench")
    posted = services.vacancies.create(
        company,
        "pt-bench",
        Vacancy(
            id="",
            company_id="pt-bench",
            title="Pekerja Rumah Tangga",
            country_code="HK",
            employer_type=EmployerType.INDIVIDUAL,
            openings=Openings(0, 0, 10_000),
            closing_date=today.replace(year=today.year + 1),
        ),
        NO_KEY,
    )
    dinas = Principal(Role.DINAS, "1307", "bench")
    people = []
    for i in range(APPLICANTS):
        candidate_id = f"bench-{i:04d}"
        registration = register_candidate(services, candidate_id, f"130710{41 + i % 28:02d}0398{i + 1:04d}", today)
        services.registration.verify(dinas, candidate_id, registration.etag, NO_KEY)
        people.append(candidate_id)

    def apply(candidate_id: str) -> None:
        services.applications.apply(Principal(Role.CANDIDATE, candidate_id), candidate_id, posted.id, NO_KEY)

    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(apply, people))
    rate = APPLICANTS / (time.perf_counter() - started)
    runtime.close()
    engine.dispose()
    return rate
