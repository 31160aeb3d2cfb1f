"""Applications committed durably per second on the embedded SQLite (WAL, synchronous=FULL),
through the real use case: eligibility by durable-rules, insert, history event, index update."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from matcher.clock import FixedClock
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.vacancy import EmployerType, Openings, Vacancy
from server.app import build_services
from server.demo import register_candidate
from server.settings import Settings

APPLICANTS = 300


def measure_application_commits(clock: FixedClock) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_url=f"sqlite:///{tmp}/commits.db", documents_dir=Path(tmp) / "docs", jwt_secret="x" * 40)
        engine, services = build_services(settings, clock)
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
        started = time.perf_counter()
        for candidate_id in people:
            services.applications.apply(Principal(Role.CANDIDATE, candidate_id), candidate_id, posted.id, NO_KEY)
        rate = APPLICANTS / (time.perf_counter() - started)
        services.feed.stop()
        services.registry.close()
        engine.dispose()
    return [("Apply committed/s, SQLite file, one writer (decision + insert + event + outbox + index)", f"{rate:,.0f}")]
